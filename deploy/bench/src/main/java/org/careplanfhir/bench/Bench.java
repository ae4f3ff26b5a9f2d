package org.careplanfhir.bench;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar careplan-bench.jar <scenario> [options]}.
 *
 * <ul>
 * <li>{@code validation-cost [iterations]}: median and p90 cost of validating each example of the
 * case-management package, in-process, after warm-up.</li>
 * <li>{@code write-throughput <fhir-base-url> [clients] [seconds]}: transactions of the rehabilitation
 * scenario (20 resources each) posted by parallel clients; resources per second and latency.</li>
 * </ul>
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			usage();
			return;
		}
		String[] options = Arrays.copyOfRange(args, 1, args.length);
		switch (args[0]) {
			case "validation-cost" -> ValidationCost.run(options);
			case "write-throughput" -> WriteThroughput.run(options);
			case "load-examples" -> LoadExamples.run(options);
			case "terminology" -> TerminologyLatency.run(options);
			case "generate" -> Generate.run(options);
			case "load" -> Load.run(options);
			case "read-mix" -> ReadMix.run(options);
			default -> usage();
		}
	}

	private static void usage() {
		System.err.println("""
				usage: java -jar careplan-bench.jar validation-cost [iterations]
				       java -jar careplan-bench.jar write-throughput <fhir-base-url> [clients] [seconds]
				       java -jar careplan-bench.jar load-examples <fhir-base-url>
				       java -jar careplan-bench.jar terminology <fhir-base-url> [concepts] [requests]
				       java -jar careplan-bench.jar generate <folder> [patients] [seed] [nurse:medical:rehab]
				       java -jar careplan-bench.jar load <fhir-base-url> <folder> [clients] [bearer-token]
				       java -jar careplan-bench.jar read-mix <ehr|insurer> <fhir-base-url> <folder> [clients] [seconds] [compare-base-url]""");
		System.exit(2);
	}

}
