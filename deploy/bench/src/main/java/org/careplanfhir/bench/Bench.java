package org.careplanfhir.bench;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar careplan-bench.jar <scenario> [options]}.
 *
 * <ul>
 * <li>{@code validation-cost [iterations]}: median and p90 cost of validating each example of the
 * case-management package, in-process, after warm-up.</li>
 * <li>{@code write-throughput <fhir-base-url> [clients] [seconds] [placeholders|conditional]}:
 * transactions of the rehabilitation and payer scenarios posted by parallel clients, the patient
 * referred to by placeholder or by a conditional reference; resources per second and latency.</li>
 * </ul>
 */
public final class Bench {

	private static final String USAGE = """
			usage: java -jar careplan-bench.jar validation-cost [iterations]
			       java -jar careplan-bench.jar write-throughput <fhir-base-url> [clients] [seconds] [placeholders|conditional]
			       java -jar careplan-bench.jar load-examples <fhir-base-url>
			       java -jar careplan-bench.jar terminology <fhir-base-url> [concepts] [requests]
			       java -jar careplan-bench.jar generate <folder> [patients] [seed] [nurse:medical:rehab]
			       java -jar careplan-bench.jar load <fhir-base-url> <folder> [clients] [bearer-token]
			       java -jar careplan-bench.jar read-mix <ehr|insurer> <fhir-base-url> <folder> [clients] [seconds] [compare-base-url]
			       java -jar careplan-bench.jar read-mix app <fhir-base-url> <folder> <clients> <seconds> <admin-user:password>
			       java -jar careplan-bench.jar bulk-export <fhir-base-url> [rounds] [compare-base-url]
			       java -jar careplan-bench.jar includes <fhir-base-url> [resources] [rounds] [compare-base-url]
			       java -jar careplan-bench.jar date-searches <fhir-base-url> [requests] [compare-base-url]
			       java -jar careplan-bench.jar synthea <fhir-base-url> <folder> [patients] [seed] [clients]   (built with -Psynthea)
			       java -jar careplan-bench.jar subscriptions <fhir-base-url> [subscriptions] [clients] [seconds]   (rest-hook receiver on loopback: the server needs careplan.subscriptions.allow-http-endpoints=true)
			       java -jar careplan-bench.jar measures <fhir-base-url> [referrals] [requests] [clients]
			       java -jar careplan-bench.jar caseload <fhir-base-url> <folder> [requests]
			       java -jar careplan-bench.jar bulk-import <fhir-base-url> <population-folder> <server-import-folder>
			       java -jar careplan-bench.jar suite <fhir-base-url> <output-folder> [patients] [clients] [seconds] [admin-user:password|-] [compare-base-url]""";

	private Bench() {
	}

	public static void main(String[] args) {
		if (args.length == 0) {
			System.err.println(USAGE);
			System.exit(2);
		}
		try {
			run(args);
		}
		catch (Exception e) {
			System.err.println("Failed: " + e.getMessage());
			System.exit(1);
		}
	}

	/** Runs one scenario; throws when it fails (a refused bundle, an unexpected status). */
	public static void run(String... args) throws Exception {
		String[] options = Arrays.copyOfRange(args, 1, args.length);
		switch (args[0]) {
			case "validation-cost" -> ValidationCost.run(options);
			case "write-throughput" -> WriteThroughput.run(options);
			case "load-examples" -> LoadExamples.run(options);
			case "terminology" -> TerminologyLatency.run(options);
			case "generate" -> Generate.run(options);
			case "load" -> Load.run(options);
			case "read-mix" -> ReadMix.run(options);
			case "bulk-export" -> BulkExport.run(options);
			case "bulk-import" -> BulkImport.run(options);
			case "includes" -> IncludeWalk.run(options);
			case "date-searches" -> DateSearchLatency.run(options);
			case "suite" -> Suite.run(options);
			case "synthea" -> Synthea.run(options);
			case "subscriptions" -> SubscriptionLatency.run(options);
			case "measures" -> MeasureLatency.run(options);
			case "caseload" -> CaseloadLatency.run(options);
			default -> throw new IllegalArgumentException("no scenario " + args[0] + "\n" + USAGE);
		}
	}
}
