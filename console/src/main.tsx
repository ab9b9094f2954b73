// The console's entry point: styles, then the app into #app.
import { render } from "preact";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("app");
if (root === null) throw new Error("the console page has no #app element");
render(<App />, root);
