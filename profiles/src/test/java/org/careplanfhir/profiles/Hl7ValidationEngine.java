package org.careplanfhir.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

import org.fhir.ucum.UcumEssenceService;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.utilities.FhirPublication;
import org.hl7.fhir.utilities.VersionUtilities;
import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.hl7.fhir.utilities.npm.FilesystemPackageCacheManager;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.validation.IgLoader;
import org.hl7.fhir.validation.ValidationEngine;
import org.hl7.fhir.validation.ValidatorUtils;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;

/**
 * The HL7 validator's own {@link ValidationEngine}, the engine of {@code validator_cli.jar}, set up as
 * {@code validator_cli.jar -version 4.0.1 -tx n/a -ig <package>} sets it up, offline. The engine's
 * builder always downloads {@code hl7.fhir.xver-extensions} (and the CLI {@code hl7.terminology} and
 * {@code hl7.fhir.uv.extensions}), which our build machines cannot reach; so this class does the
 * builder's work without those downloads, and forbids the validator any web access.
 *
 * <p>The engine knows R4 core, the package given, and the packages that package declares as
 * dependencies, all read from the FHIR package cache in {@code $HOME/.fhir/packages} (the build's
 * {@code target/fhir-home}, where SUSHI reads them too). Dependencies of dependencies are not loaded.
 * Not thread-safe.
 */
final class Hl7ValidationEngine {

	private static final String R4 = "4.0.1";

	private Hl7ValidationEngine() {
	}

	static ValidationEngine forPackage(NpmPackage pkg) throws IOException {
		ManagedWebAccess.setAccessPolicy(ManagedWebAccess.WebAccessPolicy.PROHIBITED);
		Path packageCache = Path.of(System.getProperty("user.home"), ".fhir", "packages");
		FilesystemPackageCacheManager cache = new FilesystemPackageCacheManager.Builder()
			.withCacheFolder(packageCache.toString())
			.build();

		// What ValidationEngineBuilder.fromSource("hl7.fhir.r4.core#4.0.1") does, less the download.
		SimpleWorkerContext context = new SimpleWorkerContext.SimpleWorkerContextBuilder()
			.withAllowLoadingDuplicates(true)
			.fromPackage(cached(cache, "hl7.fhir.r4.core#" + R4), ValidatorUtils.loaderForVersion(R4), false);
		try (InputStream ucum = ValidationEngine.class.getClassLoader().getResourceAsStream("ucum-essence.xml")) {
			context.setUcumService(new UcumEssenceService(ucum));
		}
		catch (Exception e) {
			throw new IOException("Could not read the UCUM definitions the validator ships", e);
		}
		context.setCanNoTS(true);
		context.setExpansionParameters(new Parameters());
		ValidationEngine engine = newEngine();
		engine.setContext(context);
		engine.setVersion(R4);
		engine.setPcm(cache);
		engine.setFhirPathEngine(new FHIRPathEngine(context));
		engine.setIgLoader(new IgLoader(cache, context, R4, false));
		context.setPackageTracker(engine);
		try {
			engine.connectToTSServer(null, null, FhirPublication.R4, false); // -tx n/a
		}
		catch (URISyntaxException e) {
			throw new IOException(e);
		}
		// The CLI's default without -check-references: a reference's target is not looked for.
		engine.setPolicyAdvisor(new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.IGNORE, Set.of()));

		for (String dependency : pkg.dependencies()) {
			if (!VersionUtilities.isCorePackage(dependency.substring(0, dependency.indexOf('#')))) {
				load(context, cached(cache, dependency));
			}
		}
		load(context, pkg);
		return engine;
	}

	private static NpmPackage cached(FilesystemPackageCacheManager cache, String nameAndVersion) throws IOException {
		String[] parts = nameAndVersion.split("#", 2);
		NpmPackage npm = cache.loadPackageFromCacheOnly(parts[0], parts[1]);
		if (npm == null) {
			throw new IOException(nameAndVersion + " is not in the package cache under $HOME/.fhir/packages: build the profiles module");
		}
		return npm;
	}

	private static void load(SimpleWorkerContext context, NpmPackage npm) throws IOException {
		context.loadFromPackage(npm, ValidatorUtils.loaderForVersion(npm.fhirVersion()));
	}

	/** The builder's constructor is private; the engine's setters are public. */
	private static ValidationEngine newEngine() throws IOException {
		try {
			Constructor<ValidationEngine> constructor = ValidationEngine.class.getDeclaredConstructor();
			constructor.setAccessible(true);
			return constructor.newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new IOException("This version of the HL7 validator has no ValidationEngine() constructor", e);
		}
	}
}
