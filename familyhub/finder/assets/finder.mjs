// Family Hub's only script: it starts govuk-frontend's components (Exit this page, the menu
// toggle, error summaries) and adds a print button. Every page works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();

for (const holder of document.querySelectorAll("[data-fh-print]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary fh-no-print";
  button.textContent = holder.dataset.fhPrint;
  button.addEventListener("click", () => window.print());
  holder.replaceChildren(button);
}
