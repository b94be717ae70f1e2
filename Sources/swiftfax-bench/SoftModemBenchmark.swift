enum SoftModemBenchmark { static func run() throws { print("todo") } }
