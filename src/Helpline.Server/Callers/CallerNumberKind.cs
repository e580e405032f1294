namespace Helpline.Server.Callers;

/// <summary>The kinds of caller number <see cref="CallerNumber"/> tells apart.</summary>
internal enum CallerNumberKind
{
    /// <summary>An E.164 number: it can be hashed and passed on as caller ID.</summary>
    Presentable,

    /// <summary>The caller hid her number (empty, a word such as <c>anonymous</c>, or its keypad spelling).</summary>
    Withheld,

    /// <summary>Something else (a SIP or client address, a truncated number): neither hashed nor passed on.</summary>
    Invalid,
}
