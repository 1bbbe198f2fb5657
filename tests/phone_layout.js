// Layout problems on the page (tests/test_phone_layout_browser.py): sideways scrolling,
// text cut off by its box, words broken mid-word.
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`page is ${root.scrollWidth}px wide, window ${window.innerWidth}px`);
  }
  // Text meant for screen readers only must not show (a host page without the package's styles).
  for (const el of document.querySelectorAll(".visually-hidden")) {
    const box = el.getBoundingClientRect();
    if (box.width > 1 || box.height > 1) {
      problems.push(`visually hidden text shows (${Math.round(box.width)}x${Math.round(box.height)}px): ${el.textContent.trim().slice(0, 50)}`);
    }
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
  // Words split over two lines although they would fit on one. Addresses, e-mail addresses,
  // numbers and compounds may break after a hyphen, slash, "@", colon or underscore and before
  // a dot: each piece between those must stay on one line.
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
    const pieces = [];
    while ((match = words.exec(node.data))) {
      let start = match.index;
      for (const piece of match[0].split(/(?<=[-\/@\u00ad\u2010\u2013:_])|(?=\.)/)) {
        pieces.push([piece, start]);
        start += piece.length;
      }
    }
    for (const [word, start] of pieces) {
      if (word.replace(/^\.|[-\/@\u00ad\u2010\u2013:_]$/, "").length < 4) continue;
      range.setStart(node, start);
      range.setEnd(node, start + word.length);
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
