package org.careplanfhir.server.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.careplanfhir.bench.population.PopulationGenerator;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.conformance.compiled.CompiledChecks;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled checks against the HL7 validator, resource by resource, on more than ten thousand
 * resources: a generated population of every specialty, the package's examples and invalid twins,
 * each also as a transaction entry is checked (its references still placeholders), with every
 * reference a conditional one, and with every reference's type given, and systematic mutations of
 * them (each element removed in turn, codes and systems replaced, periods reversed, references aimed
 * at the wrong type, conditional references malformed, reference types that do not fit, extensions
 * repeated or put where they do not belong, narrative with active content, control characters in
 * text). The compiled checks never reject by themselves (every error a client sees is the
 * reference's, at the reference's location), so what must hold is: every resource they accept, the
 * reference accepts (no error, and nothing it could not check). And they must pay: nearly every
 * unchanged record the reference accepts, they accept too, and every record with conditional or
 * typed references.
 */
class CompiledChecksDifferentialIntegrationTests extends FhirServerTest {

	private static final int PATIENTS = 45;

	@Autowired
	private WriteValidator reference;

	@Autowired
	private IValidationSupport validationSupport;

	@Test
	void everyResourceTheCompiledChecksAcceptTheHl7ValidatorAcceptsToo() throws Exception {
		CompiledChecks compiled = new CompiledChecks(CaseManagementExamples.FHIR, validationSupport);
		List<Resource> originals = originals();
		List<Resource> all = new ArrayList<>(originals);
		originals.forEach(original -> all.addAll(mutants(original)));
		List<Resource> inTransactions = originals.stream().map(CompiledChecksDifferentialIntegrationTests::withPlaceholders).toList();
		all.addAll(inTransactions);
		// A transaction's conditional references are a hospital's everyday writes, not a rare form.
		Variant conditional = Variant.of("conditional references", originals,
				CompiledChecksDifferentialIntegrationTests::toConditional,
				CompiledChecksDifferentialIntegrationTests::conditionalReferenceMutants);
		Variant typed = Variant.of("typed references", originals, CompiledChecksDifferentialIntegrationTests::toTyped,
				CompiledChecksDifferentialIntegrationTests::typedReferenceMutants);
		List<Variant> variants = List.of(conditional, typed);
		variants.forEach(variant -> all.addAll(variant.withMutants()));
		// A change the server's strict parser could never have let in is not a write to compare.
		IParser strict = CaseManagementExamples.FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
		all.removeIf(resource -> {
			try {
				strict.encodeResourceToString(resource);
				return false;
			}
			catch (DataFormatException e) {
				return true;
			}
		});

		AtomicInteger acceptedByBoth = new AtomicInteger();
		AtomicInteger originalsAcceptedByReference = new AtomicInteger();
		AtomicInteger originalsAcceptedByBoth = new AtomicInteger();
		Set<Resource> unchanged = Collections.newSetFromMap(new IdentityHashMap<>());
		unchanged.addAll(originals);
		unchanged.addAll(inTransactions);
		variants.forEach(variant -> unchanged.addAll(variant.records()));
		AtomicInteger rejectedByReference = new AtomicInteger();
		Map<String, AtomicInteger> deferrals = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> disagreements = new ConcurrentLinkedQueue<>();
		AtomicInteger validReports = new AtomicInteger();
		ConcurrentLinkedQueue<String> validReportsHandedOver = new ConcurrentLinkedQueue<>();
		all.parallelStream().forEach(resource -> {
			Collection<String> implied = SpecialtyProfiles.impliedBy(resource).map(List::of).orElse(List.of());
			Optional<String> deferred = compiled.reasonToAskTheReference(resource, implied);
			ProfileValidator.Findings findings = reference.validateWithReference(resource, implied);
			boolean referenceAccepts = findings.errors().isEmpty() && findings.notChecked().isEmpty();
			if (!referenceAccepts) {
				rejectedByReference.incrementAndGet();
			}
			else if (CompiledChecks.TYPES.contains(resource.fhirType()) && unchanged.contains(resource)) {
				originalsAcceptedByReference.incrementAndGet();
				if (deferred.isEmpty()) {
					originalsAcceptedByBoth.incrementAndGet();
				}
				boolean ofAVariant = false;
				for (Variant variant : variants) {
					ofAVariant |= variant.count(resource, deferred.isEmpty());
				}
				if (resource instanceof MeasureReport && !ofAVariant) {
					validReports.incrementAndGet();
					deferred.ifPresent(validReportsHandedOver::add);
				}
				deferred.ifPresent(why -> deferrals.computeIfAbsent(why.replaceAll("[0-9]+", "#"), key -> new AtomicInteger())
					.incrementAndGet());
			}
			if (deferred.isEmpty()) {
				if (referenceAccepts) {
					acceptedByBoth.incrementAndGet();
				}
				else {
					disagreements.add(CaseManagementExamples.json(resource) + "\n  reference: " + findings);
				}
			}
		});

		Map<String, Integer> reasons = new TreeMap<>();
		deferrals.forEach((why, count) -> reasons.put(why, count.get()));
		System.out.printf("Compiled checks vs HL7 validator: %d resources, %d rejected by the reference, "
				+ "%d accepted by both; of the unchanged records of the compiled types, %d of %d accepted by both; "
				+ "why those were handed over: %s%n", all.size(), rejectedByReference.get(), acceptedByBoth.get(),
				originalsAcceptedByBoth.get(), originalsAcceptedByReference.get(), reasons);
		assertThat(all).hasSizeGreaterThanOrEqualTo(10_000);
		assertThat(rejectedByReference.get()).as("the mutations must produce invalid resources").isGreaterThan(2_000);
		assertThat(disagreements).as("resources the compiled checks accept but the HL7 validator rejects").isEmpty();
		assertThat(originalsAcceptedByBoth.get()).as("the compiled checks must take the valid case-management records")
			.isGreaterThanOrEqualTo(originalsAcceptedByReference.get() * 95 / 100);
		for (Variant variant : variants) {
			assertThat(variant.acceptedByReference().get()).as("valid records with " + variant.name()).isGreaterThan(500);
			assertThat(variant.acceptedByBoth().get()).as("valid records with " + variant.name() + " the compiled checks take")
				.isEqualTo(variant.acceptedByReference().get());
		}
		// The payer's example and a report of each Measure, each also as a transaction entry.
		assertThat(validReports.get()).as("valid MeasureReports").isEqualTo(2 * (1 + measures().size()));
		assertThat(validReportsHandedOver).as("valid MeasureReports the compiled checks hand over").isEmpty();
		writeCostTable(compiled, originals);
	}

	/**
	 * A measurement, not a test: per profile, the median and 99th percentile time of each judge on the
	 * unchanged records, one at a time after a warm-up round, into target/validation-cost.md.
	 */
	private void writeCostTable(CompiledChecks compiled, List<Resource> originals) throws IOException {
		Map<String, List<long[]>> byProfile = new TreeMap<>();
		for (int round = 0; round < 3; round++) {
			for (Resource resource : originals) {
				Collection<String> implied = SpecialtyProfiles.impliedBy(resource).map(List::of).orElse(List.of());
				long start = System.nanoTime();
				boolean accepted = compiled.reasonToAskTheReference(resource, implied).isEmpty();
				long compiledNanos = System.nanoTime() - start;
				start = System.nanoTime();
				reference.validateWithReference(resource, implied);
				long referenceNanos = System.nanoTime() - start;
				if (round > 0 && accepted) {
					String profile = resource.getMeta().getProfile().stream().map(claim -> claim.getValue())
						.findFirst().or(() -> implied.stream().findFirst()).map(url -> url.substring(url.lastIndexOf('/') + 1))
						.orElse("(base)");
					byProfile.computeIfAbsent(resource.fhirType() + " " + profile, key -> new ArrayList<>())
						.add(new long[] { compiledNanos, referenceNanos });
				}
			}
		}
		StringBuilder table = new StringBuilder("| Type and profile | Resources | HL7 validator p50 / p99 µs "
				+ "| Compiled checks p50 / p99 µs | Ratio of medians |\n|---|---|---|---|---|\n");
		byProfile.forEach((profile, samples) -> {
			long[] reference = samples.stream().mapToLong(sample -> sample[1]).sorted().toArray();
			long[] fast = samples.stream().mapToLong(sample -> sample[0]).sorted().toArray();
			table.append("| %s | %d | %d / %d | %d / %d | %.1f× |%n".formatted(profile, samples.size() / 2,
					percentile(reference, 50), percentile(reference, 99), percentile(fast, 50), percentile(fast, 99),
					(double) percentile(reference, 50) / Math.max(1, percentile(fast, 50))));
		});
		Files.writeString(Path.of("target/validation-cost.md"), table);
		System.out.println(table);
	}

	private static long percentile(long[] sorted, int percent) {
		return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1000;
	}

	private static List<Resource> originals() throws IOException {
		List<Resource> originals = new ArrayList<>();
		PopulationGenerator generator = new PopulationGenerator(2020, 1, 1, 1);
		addEntries(generator.shared(), originals);
		for (int index = 1; index <= PATIENTS; index++) {
			addEntries(generator.patient(index), originals);
		}
		CaseManagementPackage.get().examples().forEach(example -> originals.add(roundTrip(example)));
		measures().forEach(measure -> originals.add(roundTrip(reportOf(measure))));
		Path invalid = Path.of("../profiles/target/invalid-examples");
		try (Stream<Path> files = Files.list(invalid)) {
			for (Path file : files.sorted().toList()) {
				originals.add((Resource) CaseManagementExamples.FHIR.newJsonParser().parseResource(Files.readString(file)));
			}
		}
		return originals;
	}

	// As the server gets them: parsed from JSON, not built in memory.
	private static void addEntries(Bundle bundle, List<Resource> into) {
		bundle.getEntry().forEach(entry -> into.add(roundTrip(entry.getResource())));
	}

	private static Resource roundTrip(Resource resource) {
		IParser json = CaseManagementExamples.FHIR.newJsonParser();
		return (Resource) json.parseResource(json.encodeResourceToString(resource));
	}

	/** Invalid (or still valid) variants of one resource, one change each. */
	static List<Resource> mutants(Resource original) {
		List<Resource> mutants = new ArrayList<>();
		// Each element of the resource removed in turn.
		for (Property property : original.children()) {
			if (property.hasValues() && !List.of("id", "meta", "resourceType").contains(property.getName())) {
				Resource copy = original.copy();
				copy.removeChild(property.getName(), copy.getNamedProperty(property.getName()).getValues().get(0));
				mutants.add(copy);
			}
		}
		List<Coding> codings = collect(original, Coding.class);
		for (int i = 0; i < Math.min(3, codings.size()); i++) {
			int index = i;
			mutants.add(mutate(original, Coding.class, index, coding -> coding.setCode("not-a-code")));
			mutants.add(mutate(original, Coding.class, index,
					coding -> coding.setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")));
			mutants.add(mutate(original, Coding.class, index, coding -> coding.setDisplay("A display of no code")));
		}
		mutants.add(mutate(original, Period.class, 0, period -> {
			period.setStartElement(new DateTimeType("2030-01-01"));
			period.setEndElement(new DateTimeType("2020-01-01"));
		}));
		mutants.add(mutate(original, Reference.class, 0, reference -> reference.setReference("urn:uuid:{Device/x}")));
		mutants.add(mutate(original, Quantity.class, 0, quantity -> quantity.setCode("not-a-unit")));
		mutants.add(mutate(original, Reference.class, 0, reference -> reference.setReference("Device/elsewhere")));
		mutants.add(mutate(original, Reference.class, 1, reference -> reference.setReference("Patient/a b")));
		mutants.add(mutate(original, StringType.class, 0, text -> text.setValue("control\u0001character")));
		mutants.add(mutate(original, Extension.class, 0,
				extension -> extension.setValue(new StringType("a string where something else belongs"))));
		if (original instanceof DomainResource domain && !domain.getExtension().isEmpty()) {
			DomainResource repeated = domain.copy();
			repeated.addExtension(repeated.getExtension().get(0).copy());
			mutants.add(repeated);
		}
		if (original instanceof DomainResource domain) {
			DomainResource misplaced = domain.copy();
			misplaced.addExtension("http://careplan-fhir.org/fhir/StructureDefinition/cm-acuity",
					new Coding("http://careplan-fhir.org/fhir/CodeSystem/cm-acuity", "high", null));
			mutants.add(misplaced);
			DomainResource scripted = domain.copy();
			scripted.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
			scripted.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script>text</div>");
			mutants.add(scripted);
		}
		int repeated = 0;
		for (Property property : original.children()) {
			List<Base> values = property.getValues().stream().filter(value -> value != null && !value.isEmpty()).toList();
			if (repeated < 3 && property.getMaxCardinality() > 1 && !values.isEmpty()
					&& values.get(0) instanceof org.hl7.fhir.r4.model.Element element) {
				Resource copy = original.copy();
				copy.setProperty(property.getName(), element.copy());
				mutants.add(copy);
				repeated++;
			}
		}
		if (original instanceof MeasureReport report) {
			mutants.addAll(measureMutants(report));
		}
		mutants.removeIf(mutant -> mutant == null);
		return mutants;
	}

	private static List<Measure> measures() {
		return CaseManagementPackage.get().conformanceResources().stream().filter(Measure.class::isInstance)
			.map(Measure.class::cast).toList();
	}

	/** A summary report of the measure with every group, population and stratifier, as the server reports it. */
	private static MeasureReport reportOf(Measure measure) {
		MeasureReport report = new MeasureReport().setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
			.setType(MeasureReport.MeasureReportType.SUMMARY).setMeasure(measure.getUrl())
			.setDateElement(new DateTimeType("2026-11-02T08:00:00Z"))
			.setPeriod(new Period().setStartElement(new DateTimeType("2026-10-01")).setEndElement(new DateTimeType("2026-10-31")));
		for (Measure.MeasureGroupComponent group : measure.getGroup()) {
			MeasureReport.MeasureReportGroupComponent reported = report.addGroup().setCode(group.getCode().copy());
			group.getPopulation().forEach(population -> reported.addPopulation().setCode(population.getCode().copy()).setCount(3));
			reported.setMeasureScore(new Quantity(3));
			group.getStratifier().forEach(stratifier -> reported.addStratifier().addCode(stratifier.getCode().copy())
				.addStratum().setValue(new CodeableConcept().setText("all")).addPopulation()
				.setCode(group.getPopulationFirstRep().getCode().copy()).setCount(3));
		}
		return report;
	}

	/** Reports that disagree (or still agree) with their Measure in one way each. */
	private static List<Resource> measureMutants(MeasureReport original) {
		List<Resource> mutants = new ArrayList<>();
		Function<Consumer<MeasureReport>, MeasureReport> changed = change -> {
			MeasureReport copy = original.copy();
			change.accept(copy);
			return copy;
		};
		for (int g = 0; g < original.getGroup().size(); g++) {
			int group = g;
			mutants.add(changed.apply(report -> report.getGroup().remove(group)));
		}
		mutants.add(changed.apply(report -> report.addGroup(report.getGroupFirstRep().copy())));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getCode().getCodingFirstRep().setCode("no-such-group")));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().setCode(null)));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getCode().addCoding(new Coding("http://example.org/other", "x", null))));
		if (original.getGroup().size() > 1) {
			mutants.add(changed.apply(report -> {
				CodeableConcept first = report.getGroup().get(0).getCode();
				report.getGroup().get(0).setCode(report.getGroup().get(1).getCode());
				report.getGroup().get(1).setCode(first);
			}));
		}
		MeasureReport.MeasureReportGroupComponent firstGroup = original.getGroupFirstRep();
		for (int p = 0; p < firstGroup.getPopulation().size(); p++) {
			int population = p;
			mutants.add(changed.apply(report -> report.getGroupFirstRep().getPopulation().remove(population)));
		}
		mutants.add(changed.apply(report -> report.getGroupFirstRep().addPopulation(report.getGroupFirstRep().getPopulationFirstRep().copy())));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getPopulationFirstRep().setSubjectResults(new Reference("List/subjects"))));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getPopulationFirstRep().setCountElement(null)));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getPopulationFirstRep().getCode().getCodingFirstRep().setCode("numerator")));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().setMeasureScore(null)));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getMeasureScore().setValue(null).setUnit("visits")));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getMeasureScore().setValue(0.5).setUnit("%").setSystem("http://unitsofmeasure.org").setCode("%")));
		for (int s = 0; s < firstGroup.getStratifier().size(); s++) {
			int stratifier = s;
			mutants.add(changed.apply(report -> report.getGroupFirstRep().getStratifier().remove(stratifier)));
		}
		mutants.add(changed.apply(report -> report.getGroupFirstRep().addStratifier(report.getGroupFirstRep().getStratifierFirstRep().copy())));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getStratifierFirstRep().getCodeFirstRep().getCodingFirstRep().setCode("no-such-stratifier")));
		mutants.add(changed.apply(report -> report.getGroupFirstRep().getStratifierFirstRep().addCode(new CodeableConcept().setText("second"))));
		for (Measure other : measures()) {
			mutants.add(changed.apply(report -> report.setMeasure(other.getUrl())));
		}
		mutants.add(changed.apply(report -> report.setMeasure("http://example.org/fhir/Measure/not-held")));
		mutants.add(changed.apply(report -> report.setMeasure(original.getMeasure() + "|0.1.0")));
		for (MeasureReport.MeasureReportType type : List.of(MeasureReport.MeasureReportType.SUBJECTLIST,
				MeasureReport.MeasureReportType.DATACOLLECTION, MeasureReport.MeasureReportType.INDIVIDUAL)) {
			mutants.add(changed.apply(report -> report.setType(type)));
		}
		mutants.add(changed.apply(report -> report.setStatus(MeasureReport.MeasureReportStatus.PENDING)));
		return mutants;
	}

	/** As a transaction entry is checked: its references to other entries still placeholders. */
	private static Resource withPlaceholders(Resource original) {
		Resource copy = original.copy();
		collect(copy, Reference.class).stream()
			.filter(reference -> reference.hasReference() && !reference.getReference().startsWith("#"))
			.forEach(reference -> reference.setReference("urn:uuid:"
					+ UUID.nameUUIDFromBytes(reference.getReference().getBytes(StandardCharsets.UTF_8))));
		return copy;
	}

	/**
	 * The unchanged records rewritten one way throughout (every reference made conditional, or typed),
	 * with one in five also changed one reference at a time; and how many of the rewritten records each
	 * judge accepts. Every one the reference accepts, the compiled checks must accept too.
	 */
	private record Variant(String name, Set<Resource> records, List<Resource> mutants, AtomicInteger acceptedByReference,
			AtomicInteger acceptedByBoth) {

		static Variant of(String name, List<Resource> originals, Consumer<Reference> rewrite,
				Function<Resource, List<Resource>> mutantsOf) {
			List<Resource> rewritten = originals.stream().map(original -> withEachLiteralReference(original, rewrite))
				.filter(Objects::nonNull).toList();
			List<Resource> mutants = new ArrayList<>();
			for (int i = 0; i < rewritten.size(); i += 5) {
				mutants.addAll(mutantsOf.apply(rewritten.get(i)));
			}
			Set<Resource> records = Collections.newSetFromMap(new IdentityHashMap<>());
			records.addAll(rewritten);
			return new Variant(name, records, mutants, new AtomicInteger(), new AtomicInteger());
		}

		List<Resource> withMutants() {
			List<Resource> all = new ArrayList<>(records);
			all.addAll(mutants);
			return all;
		}

		/** Counts a record the reference accepts; false when it is not one of this variant's. */
		boolean count(Resource acceptedByReference, boolean acceptedByTheCompiledChecks) {
			if (!records.contains(acceptedByReference)) {
				return false;
			}
			this.acceptedByReference.incrementAndGet();
			if (acceptedByTheCompiledChecks) {
				acceptedByBoth.incrementAndGet();
			}
			return true;
		}

	}

	/** A copy with each literal reference ({@code Type/id}) changed; null for a record with none. */
	private static Resource withEachLiteralReference(Resource original, Consumer<Reference> change) {
		Resource copy = original.copy();
		List<Reference> references = collect(copy, Reference.class).stream()
			.filter(reference -> reference.hasReference() && reference.getReference().matches("[A-Z][A-Za-z]+/[^/]+"))
			.toList();
		references.forEach(change);
		return references.isEmpty() ? null : copy;
	}

	/**
	 * As a hospital's transaction entry is checked: the reference a conditional one, found by an
	 * identifier, which HAPI resolves when it stores the entry.
	 */
	private static void toConditional(Reference reference) {
		String[] typeAndId = reference.getReference().split("/");
		reference.setReference(typeAndId[0] + "?identifier=http://hospital.example/ids|" + typeAndId[1]);
	}

	/** As some EHRs send references: with its target's type in {@code type} too. */
	private static void toTyped(Reference reference) {
		reference.setType(reference.getReference().split("/")[0]);
	}

	/** A reference's type that fits it or not, beside every form of reference, one change each. */
	private static List<Resource> typedReferenceMutants(Resource typed) {
		String type = collect(typed, Reference.class).stream().filter(Reference::hasType).findFirst().orElseThrow().getType();
		return firstReferenceChanged(typed, Reference::hasType, List.of(
				reference -> reference.setType("Device"),
				reference -> reference.setType("NoSuchType"),
				reference -> reference.setType("http://hl7.org/fhir/StructureDefinition/" + type),
				reference -> reference.setReference("Device/elsewhere").setType("Device"),
				reference -> reference.setReference("urn:uuid:0b6a3f52-8c1e-4d57-a0f3-000000000001"),
				reference -> reference.setReference("urn:uuid:0b6a3f52-8c1e-4d57-a0f3-000000000001").setType("Device"),
				reference -> reference.setReference(null).setIdentifier(new org.hl7.fhir.r4.model.Identifier()
					.setSystem("http://hospital.example/ids").setValue("1")),
				reference -> reference.setReference(type + "?identifier=http://hospital.example/ids|1"),
				reference -> reference.setReference(type + "?identifier=http://hospital.example/Device/1"),
				reference -> reference.setReference(type + "/1/_history/2"),
				reference -> reference.setReference("Device/1/_history/" + type)));
	}

	/** Conditional references of every form, well made or not, one change each. */
	private static List<Resource> conditionalReferenceMutants(Resource withConditional) {
		Predicate<Reference> conditional = reference -> reference.hasReference() && reference.getReference().contains("?");
		String first = collect(withConditional, Reference.class).stream().filter(conditional).findFirst().orElseThrow()
			.getReference();
		String type = first.substring(0, first.indexOf('?'));
		List<Consumer<Reference>> changes = Stream.of(type + "?identifier=a b", type + "?identifier", type + "?=x",
				type + "?", type + "?identifier=1&&name=2", type + "?identifier=1&family-name=x", type + "?family-name=x",
				type + "?identifier=a=b", type + "?identifier=http://hospital.example/Device/1", type + "?_id=1&_tag:not=x",
				"Device?identifier=x", "NoSuchType?identifier=x", "?identifier=x", type + "?identifier=x#part")
			.<Consumer<Reference>>map(changed -> reference -> reference.setReference(changed)).toList();
		return firstReferenceChanged(withConditional, conditional, changes);
	}

	/** One copy for each change, made to the first reference that is {@code which}. */
	private static List<Resource> firstReferenceChanged(Resource original, Predicate<Reference> which,
			List<Consumer<Reference>> changes) {
		List<Reference> references = collect(original, Reference.class);
		int index = 0;
		while (!which.test(references.get(index))) {
			index++;
		}
		int first = index;
		return changes.stream().map(change -> mutate(original, Reference.class, first, change)).toList();
	}

	private static <T extends Base> Resource mutate(Resource original, Class<T> type, int index,
			Consumer<T> change) {
		Resource copy = original.copy();
		List<T> found = collect(copy, type);
		if (found.size() <= index) {
			return null;
		}
		change.accept(found.get(index));
		return copy;
	}

	private static <T extends Base> List<T> collect(Base base, Class<T> type) {
		List<T> found = new ArrayList<>();
		collect(base, type, found);
		return found;
	}

	private static <T extends Base> void collect(Base base, Class<T> type, List<T> found) {
		if (type.isInstance(base)) {
			found.add(type.cast(base));
		}
		for (Property property : base.children()) {
			if (property.getName().equals("contained")) {
				continue;
			}
			for (Base value : property.getValues()) {
				if (value != null) {
					collect(value, type, found);
				}
			}
		}
	}

}
