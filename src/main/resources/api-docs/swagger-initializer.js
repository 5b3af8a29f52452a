// Vigil's own Swagger UI set-up (replaces the webjar's petstore one): the API description Vigil serves,
// no call to the public validator (the dashboard's CSP allows no other host, and it would leak the spec).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
