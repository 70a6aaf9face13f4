import { openApiDocument } from "./openapi/document";
console.log(JSON.stringify(openApiDocument(), null, 1));
