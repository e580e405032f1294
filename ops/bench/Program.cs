using BenchmarkDotNet.Running;

// dotnet run -c Release --project ops/bench -- --filter '*'      (ops/bench-flows runs it and prints the summary)
BenchmarkSwitcher.FromAssembly(typeof(Helpline.Benchmarks.FlowLoadBenchmarks).Assembly).Run(args);
