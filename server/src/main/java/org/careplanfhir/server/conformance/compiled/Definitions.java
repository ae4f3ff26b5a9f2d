package org.careplanfhir.server.conformance.compiled;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * What the compiled checks look up, each worked out once: compiled structures, value set
 * expansions, complete code systems and parsed FHIRPath. The base specification's definitions never
 * change and are kept; profiles, extensions, value sets and code systems a client may store are
 * looked up again through the server's validation support (whose own cache decides how fresh they
 * are) and recompiled when it hands out a different definition.
 */
final class Definitions {

	static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

	static final String CASE_MANAGEMENT = "http://careplan-fhir.org/fhir/";

	/** A value set or code system larger than this is left to the reference validator. */
	private static final int LARGEST_ENUMERATION = 20_000;

	private static final Duration TERMINOLOGY_FRESHNESS = Duration.ofSeconds(60);

	private static final Duration LOOKUP_PATIENCE = Duration.ofSeconds(10);

	private final IValidationSupport support;

	private final Map<String, Optional<CompiledStructure>> core = new ConcurrentHashMap<>();

	private final Map<String, Compiled> others = new ConcurrentHashMap<>();

	private final Map<String, Timed<Optional<CodeSet>>> valueSets = new ConcurrentHashMap<>();

	private final Map<String, Timed<CodeSystemKnowledge>> codeSystems = new ConcurrentHashMap<>();

	private final Map<String, Timed<Boolean>> lookups = new ConcurrentHashMap<>();

	private final Map<String, Timed<Optional<Measure>>> measures = new ConcurrentHashMap<>();

	private final Map<String, Optional<ExpressionNode>> expressions = new ConcurrentHashMap<>();

	private final ThreadLocal<FHIRPathEngine> engines;

	private final StructureCompiler compiler;

	private final OutsideTheWrite outsideTheWrite = new OutsideTheWrite(LOOKUP_PATIENCE);

	Definitions(FhirContext fhirContext, IValidationSupport support) {
		this.support = support;
		HapiWorkerContext worker = new HapiWorkerContext(fhirContext, new FhirPathSupport(fhirContext, support));
		this.engines = ThreadLocal.withInitial(() -> new FHIRPathEngine(worker));
		this.compiler = new StructureCompiler(this::parsed, this::typeOfProfile);
	}

	/** The definitions whose compilation the differential test covers: the base specification's and ours. */
	static boolean isCompiledFamily(String url) {
		return url.startsWith(CORE) || url.startsWith(CASE_MANAGEMENT);
	}

	FHIRPathEngine engine() {
		return engines.get();
	}

	/** The compiled definition, or empty when unknown or uncompilable. */
	Optional<CompiledStructure> structure(String url) {
		if (url.startsWith(CORE) && !url.contains("|")) {
			Optional<CompiledStructure> known = core.get(url);
			if (known != null) {
				return known;
			}
		}
		StructureDefinition definition = (StructureDefinition) support.fetchStructureDefinition(url);
		if (definition == null) {
			return Optional.empty();
		}
		if (url.startsWith(CORE) && definition.getUrl() != null && definition.getUrl().startsWith(CORE)) {
			return core.computeIfAbsent(url, key -> tryCompile(definition));
		}
		Compiled compiled = others.get(url);
		if (compiled == null || compiled.source != definition) {
			compiled = new Compiled(definition, tryCompile(definition));
			others.put(url, compiled);
		}
		return compiled.structure;
	}

	Optional<CompiledStructure> baseOf(String type) {
		return structure(CORE + type);
	}

	/** Whether the server has the definition, compiled or not; one {@link #structure} found is not fetched again. */
	boolean isKnownStructure(String url) {
		return core.containsKey(url) || others.containsKey(url) || support.fetchStructureDefinition(url) != null;
	}

	void forgetTerminology() {
		valueSets.clear();
		codeSystems.clear();
		lookups.clear();
		measures.clear();
	}

	/** The Measure with this canonical URL as the validation support finds it, or null (also when it cannot say in time). */
	Measure measure(String url) {
		return lookedUp(measures, url, () -> Optional.ofNullable(support.fetchResource(Measure.class, url)), Optional.empty())
			.orElse(null);
	}

	/** The value set's codes, or empty when it cannot be enumerated here. */
	Optional<CodeSet> valueSet(String url) {
		return lookedUp(valueSets, url, () -> expand(url), Optional.empty());
	}

	CodeSystemKnowledge codeSystem(String system) {
		return lookedUp(codeSystems, system, () -> lookUp(system), CodeSystemKnowledge.UNCHECKABLE);
	}

	/**
	 * For a code system the server does not hold whole (one loaded into its terminology tables, or one
	 * it knows of without its content): whether the validation support it shares with the reference
	 * validator finds nothing wrong with the code. No answer at all is the reference's "cannot check",
	 * a warning.
	 */
	boolean codeIsAcceptable(String system, String code) {
		return lookedUp(lookups, system + "|" + code, () -> askTerminology(system, code), false);
	}

	/**
	 * The answer looked up within the last minute, or a fresh one looked up outside the write; when
	 * there is none in time, {@code noAnswer}, which is not kept, so the next check asks again.
	 */
	private <T> T lookedUp(Map<String, Timed<T>> answers, String key, Supplier<T> lookup, T noAnswer) {
		Timed<T> timed = answers.get(key);
		if (timed == null || timed.isStale()) {
			Optional<T> answer = outsideTheWrite.run(lookup);
			if (answer.isEmpty()) {
				return noAnswer;
			}
			timed = new Timed<>(answer.get());
			answers.put(key, timed);
		}
		return timed.value;
	}

	private boolean askTerminology(String system, String code) {
		try {
			IValidationSupport.CodeValidationResult result = support.validateCode(new ValidationSupportContext(support),
					new ConceptValidationOptions(), system, code, null, null);
			if (result == null) {
				return true;
			}
			return result.isOk() && (result.getSeverity() == null
					|| result.getSeverity() != IValidationSupport.IssueSeverity.ERROR
							&& result.getSeverity() != IValidationSupport.IssueSeverity.FATAL);
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	Optional<ExpressionNode> expression(String expression) {
		return expressions.computeIfAbsent(expression, text -> {
			try {
				return Optional.of(engine().parse(text));
			}
			catch (RuntimeException e) {
				return Optional.empty();
			}
		});
	}

	private ExpressionNode parsed(String expression) {
		return expression(expression).orElseThrow(() -> new Uncompilable("cannot parse " + expression));
	}

	private String typeOfProfile(String url) {
		IBaseResource definition = support.fetchStructureDefinition(url);
		return definition instanceof StructureDefinition structure ? structure.getType() : null;
	}

	private Optional<CompiledStructure> tryCompile(StructureDefinition definition) {
		try {
			return Optional.of(compiler.compile(definition));
		}
		catch (RuntimeException e) { // Uncompilable, or a definition the compiler trips on
			return Optional.empty();
		}
	}

	private Optional<CodeSet> expand(String url) {
		try {
			if (support.fetchValueSet(url) == null) {
				return Optional.empty();
			}
			IValidationSupport.ValueSetExpansionOutcome outcome = support.expandValueSet(
					new ValidationSupportContext(support), new ValueSetExpansionOptions().setCount(LARGEST_ENUMERATION + 1),
					url);
			if (outcome == null || outcome.getError() != null || !(outcome.getValueSet() instanceof ValueSet expanded)) {
				return Optional.empty();
			}
			Set<String> codings = new HashSet<>();
			Set<String> codes = new HashSet<>();
			Set<String> systems = new HashSet<>();
			if (!collect(expanded.getExpansion().getContains(), codings, codes, systems)) {
				return Optional.empty();
			}
			ValueSet.ValueSetExpansionComponent expansion = expanded.getExpansion();
			if (codings.size() > LARGEST_ENUMERATION || (expansion.hasTotal() && expansion.getTotal() > codings.size())
					|| expansion.hasParameter() && expansion.getParameter()
						.stream()
						.anyMatch(parameter -> "limitedExpansion".equals(parameter.getName()))) {
				return Optional.empty();
			}
			return Optional.of(new CodeSet(Set.copyOf(codings), Set.copyOf(codes), Set.copyOf(systems)));
		}
		catch (RuntimeException e) {
			return Optional.empty();
		}
	}

	private static boolean collect(List<ValueSet.ValueSetExpansionContainsComponent> contains, Set<String> codings,
			Set<String> codes, Set<String> systems) {
		for (ValueSet.ValueSetExpansionContainsComponent entry : contains) {
			if (entry.hasCode()) {
				if (!entry.hasSystem()) {
					return false;
				}
				codings.add(entry.getSystem() + "|" + entry.getCode());
				codes.add(entry.getCode());
				systems.add(entry.getSystem());
			}
			if (!collect(entry.getContains(), codings, codes, systems)) {
				return false;
			}
		}
		return true;
	}

	private CodeSystemKnowledge lookUp(String system) {
		try {
			if (support.fetchValueSet(system) != null) {
				return CodeSystemKnowledge.UNCHECKABLE;
			}
			IBaseResource found = support.fetchCodeSystem(system);
			if (found instanceof CodeSystem codeSystem) {
				if (codeSystem.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE || codeSystem.hasSupplements()
						|| codeSystem.hasCaseSensitive() && !codeSystem.getCaseSensitive()) {
					return CodeSystemKnowledge.ASK;
				}
				Set<String> codes = new HashSet<>();
				if (!collect(codeSystem.getConcept(), codes) || codes.size() > LARGEST_ENUMERATION) {
					return CodeSystemKnowledge.ASK;
				}
				return CodeSystemKnowledge.held(Set.copyOf(codes));
			}
			if (support.isCodeSystemSupported(new ValidationSupportContext(support), system)) {
				return CodeSystemKnowledge.ASK;
			}
			return CodeSystemKnowledge.UNKNOWN;
		}
		catch (RuntimeException e) {
			return CodeSystemKnowledge.UNCHECKABLE;
		}
	}

	private static boolean collect(List<CodeSystem.ConceptDefinitionComponent> concepts, Set<String> codes) {
		for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
			if (!codes.add(concept.getCode()) || !collect(concept.getConcept(), codes)) {
				return false;
			}
		}
		return true;
	}

	/** What the server knows of a code system, and its codes when it holds every one. */
	record CodeSystemKnowledge(Kind kind, Set<String> codes) {

		static final CodeSystemKnowledge UNKNOWN = new CodeSystemKnowledge(Kind.UNKNOWN, Set.of());

		static final CodeSystemKnowledge UNCHECKABLE = new CodeSystemKnowledge(Kind.UNCHECKABLE, Set.of());

		static final CodeSystemKnowledge ASK = new CodeSystemKnowledge(Kind.ASK, Set.of());

		static CodeSystemKnowledge held(Set<String> codes) {
			return new CodeSystemKnowledge(Kind.HELD, codes);
		}

		boolean hasCode(String code) {
			return codes.contains(code);
		}

		/**
		 * HELD: every concept is here. UNKNOWN: the server knows nothing of it. ASK: the server's
		 * terminology answers for it code by code. UNCHECKABLE: something else (a value set's url used
		 * as a system), left to the reference validator.
		 */
		enum Kind {
			HELD, UNKNOWN, ASK, UNCHECKABLE
		}

	}

	private record Compiled(StructureDefinition source, Optional<CompiledStructure> structure) {
	}

	private static final class Timed<T> {

		private final T value;

		private final long at = System.nanoTime();

		Timed(T value) {
			this.value = value;
		}

		boolean isStale() {
			return System.nanoTime() - at > TERMINOLOGY_FRESHNESS.toNanos();
		}

	}

}
