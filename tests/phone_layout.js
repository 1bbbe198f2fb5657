// Layout problems on the page (tests/test_phone_layout_browser.py): sideways scrolling,
// text cut off by its box, words broken mid-word.
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`page is ${root.scrollWidth}px wide, window ${window.innerWidth}px`);
  }
  const visible = (el) => el.getClientRects().length > 0 && !el.closest(".visually-hidden, [hidden]");
  const label = (el) => `<${el.tagName.toLowerCase()} class="${el.className}">`;
  // Text cut off: content wider than its box (form fields scroll their own text).
  const texts = "h1, h2, h3, h4, p, li, dt, dd, td, th, a, button, label, legend, summary, caption";
  for (const el of document.querySelectorAll(`main :is(${texts})`)) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    if (style.display.startsWith("inline") && style.display !== "inline-block") continue;
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "auto") {
      problems.push(`cut off (${el.scrollWidth} > ${el.clientWidth}px): ${label(el)} ${el.textContent.trim().slice(0, 50)}`);
    }
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 0.5) {
      problems.push(`past the window's edge: ${label(el)} ${el.textContent.trim().slice(0, 50)}`);
    }
  }
  // Words split over two lines although they would fit on one (addresses, numbers with
  // hyphens or slashes may break at those).
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, select, option, textarea, .visually-hidden, [hidden]")) continue;
    if (!parent.getClientRects().length) continue;
    let block = parent;
    while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    const blockStyle = getComputedStyle(block);
    const room = block.clientWidth - parseFloat(blockStyle.paddingLeft) - parseFloat(blockStyle.paddingRight);
    const words = /\S+/g;
    let match;
    while ((match = words.exec(node.data))) {
      const word = match[0];
      if (word.length < 4 || /[-\/@\u00ad\u2010\u2013:_.]./.test(word)) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + word.length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const lines = new Set(rects.map((r) => Math.round(r.top)));
      if (lines.size < 2) continue;
      const width = rects.reduce((sum, r) => sum + r.width, 0);
      if (width <= room) {
        problems.push(`"${word}" broken mid-word though it fits (${Math.round(width)} <= ${Math.round(room)}px) in ${label(parent)}`);
      } else if (getComputedStyle(parent).hyphens !== "auto") {
        problems.push(`"${word}" is wider than its box and not hyphenated in ${label(parent)}`);
      }
    }
  }
  return problems;
}
