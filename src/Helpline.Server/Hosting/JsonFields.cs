using System.Text.Json;

namespace Helpline.Server.Hosting;

/// <summary>
/// Reads a small JSON request body (an object of strings and numbers) into fields by name, so a malformed body gets a
/// problem body naming what is wrong in every environment (the framework's binder refuses without a body outside
/// Development). Names match case-insensitively; other fields are ignored; a number is kept as its JSON text.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// The fields of <paramref name="request"/>'s body among <paramref name="names"/> (keyed by those names; absent or
    /// null: missing), or null with <c>body</c> in the errors when the body is not a JSON object. A field of another JSON
    /// type (an array, an object, a boolean) is named in the errors and read as missing.
    /// </summary>
    public static async Task<(Dictionary<string, string?>? Fields, Dictionary<string, string[]> Errors)> ReadAsync(
        HttpRequest request, IReadOnlyList<string> names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(names);
        var errors = new Dictionary<string, string[]>();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, ct);
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"is not a JSON object (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): send {{{string.Join(", ", names.Select(n => $"\"{n}\": …"))}}}"];
            return (null, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["must be a JSON object"];
                return (null, errors);
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = names.FirstOrDefault(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase));
                if (name is null || property.Value.ValueKind is JsonValueKind.Null)
                {
                    continue;
                }

                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[name] = property.Value.GetString();
                        break;
                    case JsonValueKind.Number:
                        fields[name] = property.Value.GetRawText();
                        break;
                    default:
                        errors[name] = ["must be a JSON string or number"];
                        break;
                }
            }

            return (fields, errors);
        }
    }
}
