// SPDX-License-Identifier: MPL-2.0
// placematch: start the design system's components, also on content that htmx swaps in.
(function () {
  "use strict";
  function start(root) {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init({ scope: root || document.body });
    }
  }
  document.addEventListener("DOMContentLoaded", function () { start(document.body); });
  document.addEventListener("htmx:afterSettle", function (event) { start(event.target); });
})();
