// Vigil's own Swagger UI set-up (replaces the webjar's petstore one): the API description Vigil serves,
// no call to the public validator (the dashboard's CSP allows no other host, and it would leak the spec),
// and no top bar: its logo carries an inline <style> that the CSP refuses (BrowserPerTest fails on it), and
// its URL box would only load other descriptions.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "BaseLayout"
  });
};
