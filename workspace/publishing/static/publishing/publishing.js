// Print the registrant list (CSP: no inline handler).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-pb-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
