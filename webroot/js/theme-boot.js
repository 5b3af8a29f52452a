// Runs before the first paint (a classic script in <head>), so a dark-theme user sees no light flash.
// A file, not an inline script: the Content-Security-Policy allows only the dashboard's own files.
// The key is prefs.js's KEYS.theme.
try {
  const t = localStorage.getItem('vigil.theme');
  if (t) document.documentElement.setAttribute('data-theme', t);
} catch (e) { /* storage blocked: follow the system */ }
