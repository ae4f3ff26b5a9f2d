package org.careplanfhir.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard suite in one command, with results written as {@code results.json} and
 * {@code results.md}:
 *
 * <p>{@code suite <fhir-base> <output-folder> [patients] [clients] [seconds] [admin-user:password|-] [compare-base]}
 *
 * <ol>
 * <li>generates a population (seed 42) into {@code <output-folder>/population} unless one is there;</li>
 * <li>ingests it with the loader into each server;</li>
 * <li>runs the EHR and insurer read mixes against each server, as they come and then with
 * {@code Cache-Control: no-cache} (caches bypassed), compared with the compare server if given;</li>
 * <li>with an administrator's credentials (Careplan FHIR Server only), the SMART app mix;</li>
 * <li>a system-level bulk export of everything, three rounds, the servers taking turns;</li>
 * <li>the write-throughput scenario on each server in turn.</li>
 * </ol>
 */
final class Suite {

	static final long SEED = 42;

	private Suite() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Path output = Path.of(args[1]);
		String patients = args.length > 2 ? args[2] : "300";
		String clients = args.length > 3 ? args[3] : "4";
		String seconds = args.length > 4 ? args[4] : "60";
		String admin = args.length > 5 && !"-".equals(args[5]) ? args[5] : null;
		String compare = args.length > 6 ? args[6].replaceAll("/$", "") : null;
		List<String> servers = compare == null ? List.of(base) : List.of(base, compare);

		Path population = output.resolve("population");
		if (!Files.isDirectory(population.resolve("bundles"))) {
			Generate.run(new String[] { population.toString(), patients, String.valueOf(SEED) });
		}
		Results.take();
		for (String server : servers) {
			Load.run(new String[] { server, population.toString(), clients });
		}
		for (String mix : List.of("ehr", "insurer", "ehr-fresh", "insurer-fresh")) {
			List<String> mixArgs = new ArrayList<>(List.of(mix, base, population.toString(), clients, seconds));
			if (compare != null) {
				mixArgs.add(compare);
			}
			ReadMix.run(mixArgs.toArray(String[]::new));
		}
		if (admin != null) {
			ReadMix.run(new String[] { "app", base, population.toString(), clients, seconds, admin });
		}
		List<String> exportArgs = new ArrayList<>(List.of(base, "3"));
		if (compare != null) {
			exportArgs.add(compare);
		}
		BulkExport.run(exportArgs.toArray(String[]::new));
		for (String server : servers) {
			WriteThroughput.run(new String[] { server, clients, seconds });
		}

		List<Results.Row> rows = Results.take();
		Map<String, String> run = new LinkedHashMap<>();
		run.put("finished", Instant.now().toString());
		run.put("patients", patients);
		run.put("seed", String.valueOf(SEED));
		run.put("clients", clients);
		run.put("seconds_per_scenario", seconds);
		run.put("servers", String.join(" ", servers));
		run.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
		Files.createDirectories(output);
		Files.writeString(output.resolve("results.json"), Results.json(run, rows));
		Files.writeString(output.resolve("results.md"), Results.markdown(rows));
		System.out.printf("%nSuite done: %d results in %s and %s%n", rows.size(), output.resolve("results.json"),
				output.resolve("results.md"));
	}

}
