// The procedure page's "Print" button. Without JavaScript the button stays hidden (portal.css)
// and the browser's own print command gives the same printout.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
