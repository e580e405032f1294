using Microsoft.Extensions.Options;

namespace Helpline.Server.Hosting;

/// <summary>
/// The one way the service registers its settings: bound from a configuration section and validated at start by
/// <see cref="ConfigurationKeyValidator{TOptions}"/>, so every bad or missing value — nested objects and list items
/// included — is one line naming its configuration key, reported with all the others before anything starts.
/// </summary>
internal static class OptionsServiceExtensions
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and validates it at start; chain <c>.Validate(…)</c> for rules the attributes cannot say.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration.GetSection(section);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new ConfigurationKeyValidator<TOptions>(configuration));
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(configuration));
        return builder.Services.AddOptions<TOptions>()
            .Configure(options => ConfigurationConversion.Bind(configuration, options))
            .ValidateOnStart();
    }
}
