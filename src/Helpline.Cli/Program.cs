using System.CommandLine;
using Helpline.Cli.Commands;

var root = new RootCommand("helpline — the operators' tool for Helpline call flows")
{
    ValidateCommand.Create(Console.Out, Console.Error),
    PromptsCommand.Create(Console.Out, Console.Error),
};
return await root.Parse(args).InvokeAsync();
