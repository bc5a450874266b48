/* Standard opinion phrases (审核意见常用语): a click adds the phrase to its textarea, on a new
   line when something is already written there; the reviewer edits it like any other text. */
document.addEventListener("click", function (event) {
  var button = event.target.closest(".phrases button[data-phrase]");
  if (!button) return;
  var box = document.getElementById(button.closest(".phrases").dataset.target);
  if (!box) return;
  var text = box.value.replace(/\s+$/, "");
  if (text.indexOf(button.dataset.phrase) !== -1) return;  // already there
  box.value = text ? text + "\n" + button.dataset.phrase : button.dataset.phrase;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.focus();
});
