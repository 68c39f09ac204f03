using Kompeten.Bench;

if (args.FirstOrDefault() == "training") return await TrainingBench.RunAsync(args);
Console.WriteLine("bench");
return 0;
