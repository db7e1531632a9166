// SPDX-License-Identifier: MPL-2.0
// involvement: the handover page's print button (no inline handlers under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-involvement-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
