// Instant feedback on exercises: the form still posts without JavaScript; with it, the answer goes
// to the same URL and the server's rendered feedback replaces the result area, without a page load.
for (const form of document.querySelectorAll('form.exercise-form')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const section = form.closest('.exercise');
    const region = section?.querySelector('.exercise-result-region');
    const button = form.querySelector('button[type=submit]');
    if (!region || !button) return form.submit();
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      const data = await response.json();
      if (data.html) {
        region.innerHTML = data.html; // rendered and escaped by the server
      } else {
        region.textContent = '';
        const error = document.createElement('p');
        error.className = 'field-error';
        error.textContent = data.error ?? data.message ?? '';
        region.append(error);
      }
      // The next answer is a new submission, not a repeat of this one.
      const key = form.querySelector('input[name=submission]');
      if (key) key.value = crypto.randomUUID();
    } catch {
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
}
