import { CombinedError } from "urql";
import { describeIdentityError, REFUSED_KEY_MESSAGE } from "./identity-error.messages.js";

const refused = (code: string, message = "server says") => new CombinedError({ graphQLErrors: [{ message, extensions: { code } }] });

describe("describeIdentityError", () => {
  it("says a refused key means a wrong key at sign-in, and a revoked one afterwards", () => {
    expect(describeIdentityError(refused("UNAUTHENTICATED"), "sign-in").message).toMatch(/^This API key was not accepted/);
    expect(describeIdentityError(refused("UNAUTHENTICATED"), "create")).toEqual({ code: "UNAUTHENTICATED", message: REFUSED_KEY_MESSAGE });
  });

  it("reads a 401 without a GraphQL body as UNAUTHENTICATED", () => {
    const error = new CombinedError({ networkError: new Error("Unauthorized"), response: { status: 401 } });
    expect(describeIdentityError(error, "list")).toEqual({ code: "UNAUTHENTICATED", message: REFUSED_KEY_MESSAGE });
  });

  it("gives NOT_FOUND its meaning for the operation", () => {
    expect(describeIdentityError(refused("NOT_FOUND"), "revoke").message).toMatch(/This key does not exist in your organisation/);
    expect(describeIdentityError(refused("NOT_FOUND"), "sign-in").message).toMatch(/Your organisation is not known/);
  });

  it("keeps the server's reason for BAD_USER_INPUT, and its message for codes it does not know", () => {
    expect(describeIdentityError(refused("BAD_USER_INPUT", "A name needs 1 to 100 characters"), "create").message).toBe(
      "The server refused the input: A name needs 1 to 100 characters.",
    );
    expect(describeIdentityError(refused("SOMETHING_NEW", "Something new happened"), "create")).toEqual({
      code: "SOMETHING_NEW",
      message: "Something new happened",
    });
  });

  it("tells a network failure apart", () => {
    const error = new CombinedError({ networkError: new TypeError("Failed to fetch") });
    expect(describeIdentityError(error, "sign-in")).toEqual({
      code: null,
      message: "Could not reach Prelabel (Failed to fetch): check the connection and try again.",
    });
  });
});
