package org.careplanfhir.bench;

import java.nio.file.Path;

import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.bench.population.PopulationWriter;

/** {@code generate <folder> [patients] [seed] [nurse:medical:rehab]}: writes a population to disk. */
final class Generate {

	private Generate() {
	}

	static void run(String[] args) throws Exception {
		Path folder = Path.of(args[0]);
		int patients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
		String[] mix = (args.length > 3 ? args[3] : "1:1:1").split(":");
		long started = System.nanoTime();
		PopulationWriter.Summary summary = new PopulationWriter().write(new PopulationGenerator(seed,
				Integer.parseInt(mix[0]), Integer.parseInt(mix[1]), Integer.parseInt(mix[2])), patients, folder);
		System.out.printf("Wrote %d patients, %d resources of %d types to %s in %.1f s (seed %d, mix %s)%n",
				summary.patients(), summary.resources(), summary.resourceTypes(), folder,
				(System.nanoTime() - started) / 1e9, seed, String.join(":", mix));
	}

}
