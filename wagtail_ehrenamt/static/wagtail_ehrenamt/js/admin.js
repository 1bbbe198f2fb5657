/* Admin forms of wagtail_ehrenamt (loaded through the insert_editor_js hook).
 *
 * 1. "ehrenamt-show-if": a Stimulus controller on a panel; each child with
 *    data-ehrenamt-show-if="name" (any value) or "name=a,b" (one of the values) is hidden
 *    while the form field "name" does not match. Several conditions, separated by spaces,
 *    must all hold. Without JavaScript every field stays visible.
 * 2. Rows of an InlinePanel with data-ehrenamt-row-summary="field1 field2" show those
 *    fields' values in their heading, so a collapsed row still says which date it changes.
 * 3. Tag inputs (Wagtail's jQuery tag-it) get the label of their field: tag-it adds a
 *    new text input without one (axe "label", critical).
 */
(() => {
  const { Controller } = window.StimulusModule;

  class ShowIfController extends Controller {
    connect() {
      this.update = this.update.bind(this);
      this.element.addEventListener("change", this.update);
      this.update();
    }

    disconnect() {
      this.element.removeEventListener("change", this.update);
    }

    value(name) {
      const form = this.element.closest("form");
      const field = form ? form.elements.namedItem(name) : null;
      return field && "value" in field ? field.value : "";
    }

    holds(condition) {
      const [name, values] = condition.split("=");
      const value = this.value(name);
      return values === undefined ? value !== "" : values.split(",").includes(value);
    }

    update() {
      this.element.querySelectorAll("[data-ehrenamt-show-if]").forEach((element) => {
        const conditions = element.dataset.ehrenamtShowIf.split(/\s+/).filter(Boolean);
        element.hidden = !conditions.every((condition) => this.holds(condition));
      });
    }
  }

  window.wagtail.app.register("ehrenamt-show-if", ShowIfController);

  const labelTagInputs = () => {
    document.querySelectorAll("ul.tagit input[type=text]:not([aria-label])").forEach((input) => {
      const list = input.closest("ul.tagit");
      const original = list && list.parentElement.querySelector("[data-controller~='w-tag']");
      const label = original && original.id && document.querySelector(`label[for='${original.id}']`);
      if (label) {
        input.setAttribute("aria-label", label.textContent.trim().replace(/\s*\*$/, ""));
      }
    });
  };
  const fieldText = (field) => {
    if (!field) return "";
    if (field.tagName === "SELECT") {
      return field.value === "" ? "" : field.selectedOptions[0]?.textContent.trim() || "";
    }
    return field.value.trim();
  };

  const summariseRows = () => {
    document.querySelectorAll("[data-ehrenamt-row-summary]").forEach((panel) => {
      const names = panel.dataset.ehrenamtRowSummary.split(/\s+/).filter(Boolean);
      panel.querySelectorAll("[data-inline-panel-child]").forEach((row) => {
        const heading = row.querySelector("[data-panel-heading-text]");
        if (!heading) return;
        const parts = names
          .map((name) => fieldText(row.querySelector(`[name$='-${name}']`)))
          .filter(Boolean);
        let summary = heading.querySelector("[data-ehrenamt-summary]");
        if (!summary) {
          summary = document.createElement("span");
          summary.dataset.ehrenamtSummary = "";
          heading.append(summary);
        }
        const text = parts.length ? ` – ${parts.join(", ")}` : "";
        if (summary.textContent !== text) summary.textContent = text;
      });
    });
  };

  let scheduled = false;
  const refresh = () => {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(() => {
      scheduled = false;
      labelTagInputs();
      summariseRows();
    });
  };
  document.addEventListener("change", refresh);
  document.addEventListener("input", refresh);

  new MutationObserver(refresh).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", refresh);
})();
