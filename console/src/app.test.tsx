import { render, screen } from "@testing-library/react";
import { App } from "./app.js";

describe("App", () => {
  it("renders the product's name", () => {
    render(<App />);
    expect(screen.getByRole("heading", { name: "Prelabel" })).toBeInTheDocument();
  });
});
