export { ModelsPanel } from "./models.panel.js";
