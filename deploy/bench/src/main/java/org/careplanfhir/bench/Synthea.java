package org.careplanfhir.bench;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code synthea <fhir-base> <folder> [patients] [seed] [clients]}: the workload other FHIR servers
 * publish ingest figures on. Generates a seeded Synthea population (Synthea 3.3.0, offline) as FHIR
 * R4 transaction bundles into {@code <folder>/fhir} unless they are there, then ingests them like
 * {@code load}: hospitals and practitioners first, then the patients with parallel clients.
 *
 * <p>Synthea is not in the default build: build the bench with {@code -Psynthea}, which adds it to
 * {@code target/lib} and the jar's class path. Every resource claims its US Core 6.1.0 profile, as a
 * US EHR's would, and a validating server checks each claim: the US Core packages ship with it.
 */
final class Synthea {

	private Synthea() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Path folder = Path.of(args[1]).toAbsolutePath();
		String patients = args.length > 2 ? args[2] : "100";
		String seed = args.length > 3 ? args[3] : "42";
		int clients = args.length > 4 ? Integer.parseInt(args[4]) : 4;
		Path bundles = folder.resolve("fhir");
		if (!Files.isDirectory(bundles)) {
			generate(folder, patients, seed);
		}
		List<Path> all;
		try (Stream<Path> files = Files.list(bundles)) {
			all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		List<Path> shared = all.stream().filter(Synthea::isShared).toList();
		List<Path> people = all.stream().filter(f -> !isShared(f)).toList();
		Load.ingest("synthea ingest", base, shared, people, clients);
	}

	private static boolean isShared(Path bundle) {
		String name = bundle.getFileName().toString();
		return name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation");
	}

	private static void generate(Path folder, String patients, String seed) throws Exception {
		Class<?> app;
		try {
			app = Class.forName("App");
		}
		catch (ClassNotFoundException notBuilt) {
			throw new IllegalStateException("Synthea is not on the class path: build the bench with "
					+ "mvn -pl deploy/bench -Psynthea -DskipTests package", notBuilt);
		}
		Method main = app.getMethod("main", String[].class);
		main.invoke(null, (Object) new String[] { "-p", patients, "-s", seed, "-cs", seed, "-r", "20240101",
				"--exporter.baseDirectory", folder.toString(), "--exporter.fhir.export", "true",
				"--exporter.fhir.use_us_core_ig", "true",
				"--exporter.fhir.us_core_version", "6.1.0", "--exporter.hospital.fhir.export", "true",
				"--exporter.practitioner.fhir.export", "true", "--exporter.csv.export", "false",
				"--exporter.ccda.export", "false", "--generate.log_patients.detail", "none" });
	}

}
