using System.Text.RegularExpressions;

namespace Helpline.Server.Hosting;

/// <summary>
/// Reads the configuration binder's conversion failure ("Failed to convert configuration value '…' at 'KEY' to type
/// 'TYPE'.") as a line for an operator: the key and what is expected, without the value (the binder's message carries
/// it, and it may be a secret).
/// </summary>
internal static partial class ConfigurationConversion
{
    /// <summary>
    /// Binds <paramref name="section"/> onto <paramref name="options"/>, leaving a value the binder cannot convert to
    /// <see cref="ConfigurationKeyValidator{TOptions}"/>, which names its key at start (with the other problems, instead
    /// of stopping at the first); any other binder failure (a bug in an options class) is thrown.
    /// </summary>
    public static void Bind(IConfigurationSection section, object options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex) when (Failure(ex) is not null)
        {
            // Reported by the validator, with the key.
        }
    }

    /// <summary>The line for <paramref name="error"/>, or null when it is not a conversion failure.</summary>
    public static string? Failure(InvalidOperationException error)
    {
        var match = UnconvertedKey().Match(error.Message);
        return match.Success
            ? $"{match.Groups["key"].Value} must be {Expected(match.Groups["type"].Value)}: the value set cannot be read as one"
            : null;
    }

    private static string Expected(string typeName)
    {
        var type = Type.GetType(typeName);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "a value of type " + typeName,
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number (with a '.' for decimals)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "a value of type " + type.Name,
        };
    }

    [GeneratedRegex("at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex UnconvertedKey();
}
