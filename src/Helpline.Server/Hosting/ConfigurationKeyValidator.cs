using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;
using Helpline.Server.Agents;

namespace Helpline.Server.Hosting;

/// <summary>
/// Validates an options class the way an operator reads the configuration: every failure is one line that starts with
/// the full configuration key (<c>Helpline:Routing:Workers:2:Phone</c>) and says what is expected, never the value set
/// (it may be a secret, or a worker's phone number). In order: a value the configuration binder cannot convert (text
/// where a number is expected); then the data-annotation attributes of every property, recursing into properties
/// marked <see cref="ValidateObjectMembersAttribute"/> and into each item of those marked
/// <see cref="ValidateEnumeratedItemsAttribute"/>; then <see cref="IValidatableObject.Validate"/> (rules that involve
/// two keys).
/// </summary>
/// <remarks>
/// <para>Why not <c>ValidateDataAnnotations()</c>: since .NET 8 it also honours those two attributes, but its failures
/// name C# members ("DataAnnotation validation failed for 'RoutingOptions.Workers[2]' members: 'Phone' with the error:
/// …"), which an operator who sets <c>Helpline__Routing__Workers__2__Phone</c> has to translate. Attribute messages are
/// written with <c>{0}</c> for the key (e.g. <c>"{0} must be between {1} and {2} seconds"</c>); a property's key is its
/// name, or the name given by <see cref="ConfigurationKeyNameAttribute"/>.</para>
/// <para>Only the default (unnamed) options are checked. Stateless and thread-safe.</para>
/// </remarks>
/// <typeparam name="TOptions">The options class, bound from <c>section</c>.</typeparam>
internal sealed class ConfigurationKeyValidator<TOptions>(IConfigurationSection section) : IValidateOptions<TOptions>
    where TOptions : class, new()
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(name))
        {
            return ValidateOptionsResult.Skip;
        }

        // A value that could not be converted left the instance half bound: its other checks would mislead.
        if (ConversionFailure(section) is { } unreadable)
        {
            return ValidateOptionsResult.Fail(unreadable);
        }

        var failures = new List<string>();
        ValidateObject(options, section.Path, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ConversionFailure(IConfigurationSection section)
    {
        try
        {
            section.Bind(new TOptions());
            return null;
        }
        catch (InvalidOperationException ex) when (ConfigurationConversion.Failure(ex) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>Validates <paramref name="instance"/>, bound from <paramref name="node"/> (null when not from configuration) at <paramref name="key"/>.</summary>
    private static void ValidateObject(object instance, string key, IConfiguration? node, List<string> failures)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var keyName = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var propertyKey = key + ":" + keyName;
            var propertyNode = node?.GetSection(keyName);
            var value = property.GetValue(instance);
            var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            if (attributes.Length > 0)
            {
                var context = new ValidationContext(instance) { MemberName = property.Name, DisplayName = propertyKey };
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateValue(value, context, results, attributes))
                {
                    failures.AddRange(results.Select(r => OneLine(r.ErrorMessage ?? propertyKey + " is invalid")));
                }
            }

            if (value is null)
            {
                continue;
            }

            if (property.IsDefined(typeof(ValidateObjectMembersAttribute), inherit: true))
            {
                ValidateObject(value, propertyKey, propertyNode, failures);
            }

            if (value is IEnumerable items and not string && property.IsDefined(typeof(ValidateEnumeratedItemsAttribute), inherit: true))
            {
                // The binder adds one item per child section, in order: Workers:3 alone is the list's first item, named by its key.
                var children = propertyNode?.GetChildren().ToList() ?? [];
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        var child = index < children.Count ? children[index] : null;
                        var itemKey = child is null ? propertyKey + ":" + index.ToString(CultureInfo.InvariantCulture) : key + ":" + keyName + ":" + child.Key;
                        ValidateObject(item, itemKey, child, failures);
                    }

                    index++;
                }
            }
        }

        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var member = result.MemberNames.FirstOrDefault();
                var memberKey = member is null ? key : key + ":" + KeyOf(instance.GetType(), member);
                var message = result.ErrorMessage ?? "is invalid";
                failures.Add(OneLine(message.Contains("{0}", StringComparison.Ordinal)
                    ? string.Format(CultureInfo.InvariantCulture, message, memberKey)
                    : memberKey + ": " + message));
            }
        }
    }

    private static string KeyOf(Type type, string member) =>
        type.GetProperty(member)?.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? member;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
