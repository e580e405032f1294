using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;
using Helpline.Twilio.TwiML;

namespace Helpline.Server.Voice;

/// <summary>
/// Renders the flow engine's provider-neutral instructions as TwiML, pointing every action (keys, dial outcome, queue
/// result, hold audio) back at our <c>/voice</c> routes with the call's step token, through the routes table
/// (<see cref="VoiceRoutes"/>).
/// </summary>
internal sealed class TwimlRenderer(VoiceRoutes routes)
{
    /// <summary>The TwiML for <paramref name="instructions"/>; without a token (emergency answers) no action URLs are set, so the provider simply goes on to the next verb.</summary>
    /// <param name="flow">The call's flow version.</param>
    /// <param name="instructions">What the caller must hear and do.</param>
    /// <param name="token">The call's next step token, or null.</param>
    /// <param name="transferCallerId">
    /// The caller ID of any transfer among <paramref name="instructions"/> (<see cref="Callers.CallerIdPolicy.ForTransfer"/>):
    /// null to pass the caller's own number on. Required of every caller so that no answer forgets a withheld number.
    /// </param>
    public string Render(CompiledFlow flow, IReadOnlyList<VoiceInstruction> instructions, StepToken? token, string? transferCallerId)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(instructions);
        var response = new VoiceResponse();
        foreach (var instruction in instructions)
        {
            switch (instruction)
            {
                case SayInstruction or PlayInstruction:
                    Add(response, instruction);
                    break;
                case GatherInstruction gather:
                    AddGather(response, gather, token is null ? null : routes.Url(VoiceRoutes.Gather, token));
                    break;
                case DialInstruction dial:
                    response.Dial(dial.Number, new DialOptions
                    {
                        Action = token is null ? null : routes.Url(VoiceRoutes.Dial, token),
                        Method = token is null ? null : "POST",
                        Timeout = dial.RingSeconds,
                        CallerId = transferCallerId,
                    });
                    break;
                case EnqueueInstruction enqueue:
                    response.Enqueue(enqueue.QueueName, new EnqueueOptions
                    {
                        Action = token is null ? null : routes.Url(VoiceRoutes.QueueExit, token),
                        Method = "POST",
                        WaitUrl = token is null ? null : routes.Url(VoiceRoutes.QueueWait, token),
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

    /// <summary>
    /// The keypad challenge before the queue: <paramref name="gather"/> (the code's request), answered at the challenge
    /// route with the step <paramref name="token"/>, this <paramref name="attempt"/> and the menu choice that led to the queue.
    /// </summary>
    public string Challenge(GatherInstruction gather, StepToken token, int attempt, string? choice)
    {
        ArgumentNullException.ThrowIfNull(gather);
        ArgumentNullException.ThrowIfNull(token);
        var response = new VoiceResponse();
        AddGather(response, gather, routes.ChallengeUrl(token, attempt, choice));
        return response.ToXml();
    }

    /// <summary>A Gather of DTMF keys posting to <paramref name="action"/> (an empty result too), then — should the provider not post one — a redirect to the same URL, which hears "no key".</summary>
    private void AddGather(VoiceResponse response, GatherInstruction gather, string? action)
    {
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
            response.Redirect(action, "POST");
        }
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

    /// <summary>
    /// The hold audio with the call-back offer (issue 13): the announcement, the offer and the hold prompt are said inside
    /// a <c>&lt;Gather&gt;</c> — allowed in a wait URL's answer — that listens for one key and posts it to
    /// <paramref name="offerUrl"/>; with no key the answer ends as usual and the provider asks the wait URL again.
    /// <paramref name="before"/> is said first (e.g. "vous restez en attente" after the sub-dialogue).
    /// </summary>
    public string HoldWithOffer(CompiledFlow flow, CallPosition position, string? announcement, VoiceInstruction? offer, string? offerUrl, IReadOnlyList<VoiceInstruction>? before = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var response = new VoiceResponse();
        foreach (var prompt in before ?? [])
        {
            Add(response, prompt);
        }

        var hold = flow.Current(position).OfType<EnqueueInstruction>().Select(e => e.Hold).ToList();
        if (offer is null || offerUrl is null)
        {
            if (announcement is not null)
            {
                response.Say(announcement, flow.Definition.Language, flow.Definition.Voice);
            }

            hold.ForEach(h => Add(response, h));
            return response.Pause(2).ToXml();
        }

        response.Gather(new GatherOptions { Input = "dtmf", Action = offerUrl, Method = "POST", NumDigits = 1, Timeout = 2 }, content =>
        {
            if (announcement is not null)
            {
                content.Say(announcement, flow.Definition.Language, flow.Definition.Voice);
            }

            Add(content, offer);
            hold.ForEach(h => Add(content, h));
        });
        return response.ToXml();
    }

    /// <summary>Takes the caller out of the queue (the Enqueue action then decides what follows).</summary>
    public static string Leave() => new VoiceResponse().Leave().ToXml();

    /// <summary>An empty document, for provider callbacks whose answer is not executed.</summary>
    public static string Empty() => new VoiceResponse().ToXml();

    /// <summary>Ends the call.</summary>
    public static string Hangup() => new VoiceResponse().Hangup().ToXml();

    /// <summary>Adds a spoken or played prompt to <paramref name="response"/>.</summary>
    public void Add(VoiceResponse response, VoiceInstruction instruction)
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

    /// <summary>Adds a spoken or played prompt inside a Gather.</summary>
    public void Add(GatherContent content, VoiceInstruction instruction)
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
    private string PromptUrl(PlayInstruction play) => routes.PromptUrl(play.PromptFile);
}
