namespace Helpline.Server.Callbacks;

/// <summary>A window of the wrap-up call-back form.</summary>
/// <param name="Key">Its key (the form's value).</param>
/// <param name="Said">Its words, as the caller hears them.</param>
public sealed record WrapUpCallbackWindow(string Key, string Said);
