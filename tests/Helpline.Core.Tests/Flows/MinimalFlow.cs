namespace Helpline.Core.Tests.Flows;

/// <summary>A small valid flow that tests mutate one line at a time, so each test shows the one mistake it checks.</summary>
internal static class MinimalFlow
{
    public const string Yaml = """
        flow: essai
        start: horaires
        destinations:
          police: "17"
          vfi: "3919"
        emergency:
          prompt: Composez le 17.
          transfer-to: vfi
        states:
          horaires:
            type: hours
            open: menu
            closed: ferme
          ferme:
            type: message
            prompt: Nous sommes fermés. Composez le 39 19.
            next: fin
          menu:
            type: menu
            prompt: Tapez 1 pour la police.
            choices:
              "1": police
            on-timeout: file
          police:
            type: transfer
            to: police
            announce: Le 17.
            answered: fin
            failed: echec
          echec:
            type: message
            prompt: Composez le 17.
            next: fin
          file:
            type: queue
            hold: Patientez.
            answered: fin
            overflow: echec
          fin:
            type: hangup
        """;

    public static string Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Yaml, StringComparison.Ordinal);
        return Yaml.Replace(oldText, newText, StringComparison.Ordinal);
    }
}
