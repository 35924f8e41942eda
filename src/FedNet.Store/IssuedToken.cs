namespace FedNet.Store;

/// <summary>A newly issued token: its identity and the secret (<c>fn_</c> + base64url of 32 random bytes), shown
/// only this once.</summary>
public sealed record IssuedToken(TokenIdentity Identity, string Secret);
