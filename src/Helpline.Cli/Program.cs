using System.CommandLine;
using Helpline.Cli.Commands;

var root = new RootCommand("helpline — the operators' tool for Helpline call flows")
{
    ValidateCommand.Create(Console.Out, Console.Error),
    PromptsCommand.Create(Console.Out, Console.Error),
    GraphCommand.Create(Console.Out, Console.Error),
    SimulateCommand.Create(Console.In, Console.Out, Console.Error),
    TestCommand.Create(Console.Out, Console.Error),
    AccountCommand.Create(Console.In, Console.Out, Console.Error),
};
return await root.Parse(args).InvokeAsync();
