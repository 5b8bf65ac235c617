// Asks for the session as soon as the page runs, while the widget's wasm downloads and compiles:
// the widget itself could ask only once it runs, one round trip later. src/api.rs
// `load_session` takes this answer, once, when it is for the same session and token, and asks
// itself otherwise. The fragment is read as src/launch.rs `parse_fragment` reads it.
(() => {
  let session;
  let token;
  for (const pair of location.hash.replace(/^#+/, '').split('&')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const value = pair.slice(at + 1);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) return;
    if (pair.slice(0, at) === 'session') session = value;
    if (pair.slice(0, at) === 'token') token = value;
  }
  if (!session || !token) return;
  const response = fetch(`/v1/capture/sessions/${session}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  // Handled by the widget when it takes it; not an unhandled rejection if it never does.
  response.catch(() => {});
  globalThis.idvSessionPrefetch = { session, token, response };
})();
