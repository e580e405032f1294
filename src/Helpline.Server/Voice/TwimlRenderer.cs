using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;
using Helpline.Twilio.TwiML;
using Microsoft.Extensions.Options;
using Helpline.Server.Flows;
using Helpline.Server.Hosting;

namespace Helpline.Server.Voice;

/// <summary>
/// Renders the flow engine's provider-neutral instructions as TwiML, pointing every action (keys, dial outcome, queue
/// result, hold audio) back at our <c>/voice</c> routes with the call's step token. URLs are absolute on the configured
/// public base URL (so they are signed exactly as the provider will request them), relative otherwise.
/// </summary>
public sealed class TwimlRenderer(IOptions<HelplineOptions> options)
{
    private readonly string _base = (options.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');

    /// <summary>The TwiML for <paramref name="instructions"/>; without a token (emergency answers) no action URLs are set, so the provider simply goes on to the next verb.</summary>
    public string Render(CompiledFlow flow, IReadOnlyList<VoiceInstruction> instructions, StepToken? token)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(instructions);
        var response = new VoiceResponse();
        var query = token?.ToQuery();
        foreach (var instruction in instructions)
        {
            switch (instruction)
            {
                case SayInstruction or PlayInstruction:
                    Add(response, instruction);
                    break;
                case GatherInstruction gather:
                    var action = query is null ? null : Url("/voice/gather?" + query);
                    response.Gather(
                        new GatherOptions { Input = "dtmf", Action = action, Method = "POST", Timeout = gather.TimeoutSeconds, NumDigits = gather.NumDigits, ActionOnEmptyResult = true },
                        content =>
                        {
                            foreach (var prompt in gather.Prompt)
                            {
                                Add(content, prompt);
                            }
                        });
                    if (action is not null)
                    {
                        // Belt and braces: should the provider not post an empty result, the same URL hears "no key".
                        response.Redirect(action, "POST");
                    }

                    break;
                case DialInstruction dial:
                    response.Dial(dial.Number, new DialOptions { Action = query is null ? null : Url("/voice/dial?" + query), Method = query is null ? null : "POST", Timeout = dial.RingSeconds });
                    break;
                case EnqueueInstruction enqueue:
                    response.Enqueue(enqueue.QueueName, new EnqueueOptions
                    {
                        Action = query is null ? null : Url("/voice/queue?" + query),
                        Method = "POST",
                        WaitUrl = query is null ? null : Url("/voice/queue/wait?" + query),
                        WaitUrlMethod = "POST",
                    });
                    break;
                case HangupInstruction:
                    response.Hangup();
                    break;
            }
        }

        return response.ToXml();
    }

    /// <summary>The hold audio of the queue state at <paramref name="position"/> (the Enqueue wait URL's answer), after <paramref name="announcement"/> when given.</summary>
    public string Hold(CompiledFlow flow, CallPosition position, string? announcement = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var response = new VoiceResponse();
        if (announcement is not null)
        {
            response.Say(announcement, flow.Definition.Language, flow.Definition.Voice);
        }

        foreach (var instruction in flow.Current(position))
        {
            if (instruction is EnqueueInstruction enqueue)
            {
                Add(response, enqueue.Hold);
                response.Pause(2);
            }
        }

        return response.ToXml();
    }

    /// <summary>Takes the caller out of the queue (the Enqueue action then decides what follows).</summary>
    public string Leave() => new VoiceResponse().Leave().ToXml();

    /// <summary>An empty document, for provider callbacks whose answer is not executed.</summary>
    public string Empty() => new VoiceResponse().ToXml();

    /// <summary>Ends the call.</summary>
    public string Hangup() => new VoiceResponse().Hangup().ToXml();

    private void Add(VoiceResponse response, VoiceInstruction instruction)
    {
        switch (instruction)
        {
            case SayInstruction say:
                response.Say(say.Text, say.Language, say.Voice);
                break;
            case PlayInstruction play:
                response.Play(PromptUrl(play));
                break;
        }
    }

    private void Add(GatherContent content, VoiceInstruction instruction)
    {
        switch (instruction)
        {
            case SayInstruction say:
                content.Say(say.Text, say.Language, say.Voice);
                break;
            case PlayInstruction play:
                content.Play(PromptUrl(play));
                break;
        }
    }

    // PromptFile is the recording's canonical path (no empty or "." segments), so the URL names exactly the file PromptsApi serves.
    private string PromptUrl(PlayInstruction play) => Url("/prompts/" + string.Join('/', play.PromptFile.Split('/').Select(Uri.EscapeDataString)));

    private string Url(string pathAndQuery) => _base + pathAndQuery;
}
