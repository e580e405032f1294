using System.Globalization;
using System.Text;

namespace Helpline.Benchmarks;

/// <summary>A valid flow of N states (menus, messages, transfers, a queue) for the load benchmark.</summary>
public static class GeneratedFlow
{
    public static string Write(int states)
    {
        var yaml = new StringBuilder();
        yaml.Append("flow: genere\nstart: s0\ndestinations:\n  police: \"17\"\n  vfi: \"3919\"\n");
        yaml.Append("emergency:\n  prompt: Composez le 17.\n  transfer-to: vfi\nstates:\n");
        var count = states - 4;
        for (var i = 0; i < count; i++)
        {
            var next = i + 1 < count ? $"s{i + 1}" : "file";
            yaml.Append(CultureInfo.InvariantCulture, $"  s{i}:\n");
            if (i % 2 == 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    type: menu\n    prompt: Menu {i}, tapez 1 pour continuer, 2 pour la police.\n    choices:\n      \"1\": {next}\n      \"2\": police\n    on-timeout: {next}\n");
            }
            else
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    type: message\n    prompt: Message {i}.\n    next: {next}\n");
            }
        }

        yaml.Append("  police:\n    type: transfer\n    to: police\n    announce: Le 17.\n    answered: fin\n    failed: echec\n");
        yaml.Append("  echec:\n    type: message\n    prompt: Composez le 17.\n    next: fin\n");
        yaml.Append("  file:\n    type: queue\n    hold: Patientez.\n    answered: fin\n    overflow: echec\n");
        yaml.Append("  fin:\n    type: hangup\n");
        return yaml.ToString();
    }
}
