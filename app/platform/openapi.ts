export function openApiDocument() {
  return { openapi: '3.1.0', info: { title: 'GSN Console API', version: '0.1.0' }, paths: {} }
}
