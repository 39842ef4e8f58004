// Autosave for submission drafts: without JavaScript the Save button does the same. Saves a few
// seconds after the last change, and says when it did.
const form = document.getElementById('submission-form');
const status = form?.querySelector('.autosave-status');
let timer;
let saving = false;

async function save() {
  if (!form || saving) return;
  saving = true;
  const data = new URLSearchParams(new FormData(form));
  data.set('intent', 'save');
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: data,
      credentials: 'same-origin',
    });
    const result = await response.json();
    if (status && result.saved) {
      status.textContent = `${form.dataset.savedLabel ?? ''} ${new Date(result.at).toLocaleTimeString(document.documentElement.lang)}`;
    }
  } catch {
    // A failed autosave is harmless: the Save button still works and nothing typed is lost.
  } finally {
    saving = false;
  }
}

form?.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(save, 3000);
});
