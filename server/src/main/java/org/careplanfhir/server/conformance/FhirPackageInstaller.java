package org.careplanfhir.server.conformance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.jpa.packages.util.PackageUtils;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.careplanfhir.server.storage.DatabaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.IHapiBootOrder;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Installs FHIR packages from the classpath ({@code careplan/packages/*.tgz}: the case-management
 * package) and from {@code careplan.packages} while the server starts: their profiles, value sets
 * and code systems become available to validation and terminology operations, their search
 * parameters are indexed from the first write. Nothing is downloaded. It runs once HAPI has
 * registered its batch jobs (a new search parameter starts a reindex job) and before the
 * application reports ready; until then the FHIR endpoint answers 503 with {@code Retry-After}
 * ({@link org.careplanfhir.server.web.RequestPipeline#READY_BEFORE_SERVING}), so no request sees a
 * package half installed. Several servers starting at once on one database install one at a time
 * (a {@link DatabaseLock}): the first installs, the others find the packages installed.
 */
@Component
class FhirPackageInstaller {

	private static final String BUNDLED_PACKAGES = "classpath*:careplan/packages/*.tgz";

	private static final String US_CORE = "hl7.fhir.us.core";

	private static final String INSTALLING = "careplan: FHIR package installation";

	private static final Logger log = LoggerFactory.getLogger(FhirPackageInstaller.class);

	private final IPackageInstallerSvc installer;

	private final IHapiPackageCacheManager packageCache;

	private final PackageProperties properties;

	private final ValueSetPreExpansion preExpansion;

	private final DataSource dataSource;

	FhirPackageInstaller(IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache,
			PackageProperties properties, ValueSetPreExpansion preExpansion, DataSource dataSource) {
		this.installer = installer;
		this.packageCache = packageCache;
		this.properties = properties;
		this.preExpansion = preExpansion;
		this.dataSource = dataSource;
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.AFTER_SUBSCRIPTION_INITIALIZED + 1)
	public void installPackages() {
		DatabaseLock.holding(dataSource, INSTALLING, this::installEach);
	}

	private void installEach() {
		boolean installedAny = false;
		for (PackageFile file : packageFiles()) {
			installedAny |= install(file);
		}
		if (installedAny) {
			// HAPI would pre-expand the new value sets on its next scheduled pass; until then
			// $expand cannot page through them. Doing it now keeps the server's answers the same
			// from its first request.
			preExpansion.expandPending();
		}
	}

	/** Installs the package unless these very bytes are installed already; says whether it did. */
	private boolean install(PackageFile file) {
		long started = System.nanoTime();
		NpmPackage npm = file.read();
		PackageInstallationSpec spec = new PackageInstallationSpec().setName(npm.name())
			.setVersion(npm.version())
			.setPackageContents(file.bytes())
			.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
			.setFetchDependencies(false);
		spec.setInstallResourceTypes(installedTypes(npm));
		if (!npm.name().startsWith(US_CORE)) {
			// One version of our own package at a time, under the ids it gives: Measure/cm-referral-volume.
			spec.setVersionPolicy(PackageInstallationSpec.VersionPolicyEnum.SINGLE_VERSION);
		}
		IHapiPackageCacheManager.PackageContents installed = packageCache.loadPackageContents(npm.name(),
				npm.version());
		if (installed != null && Arrays.equals(installed.getBytes(), file.bytes())) {
			log.info("FHIR package {}#{} is installed already", npm.name(), npm.version());
			return false;
		}
		if (installed != null) {
			// Same version, other content (a development build): HAPI would keep the old copy.
			installer.uninstall(spec);
		}
		installer.install(spec);
		log.info("Installed FHIR package {}#{} from {}: {} profiles and extensions, {} value sets, {} search parameters in {} ms",
				npm.name(), npm.version(), file.source(), count(npm, "StructureDefinition"), count(npm, "ValueSet"),
				spec.getInstallResourceTypes().contains("SearchParameter") ? count(npm, "SearchParameter") : 0,
				(System.nanoTime() - started) / 1_000_000);
		return true;
	}

	/**
	 * US Core's search parameters restate R4's own for the searches US Core asks servers for (name,
	 * birthdate, patient+category …), which the server already serves; installing its 110 would start
	 * as many reindex jobs on every first start, and change search definitions under stored data. Its
	 * profiles, value sets and code systems are what checking a US Core claim needs.
	 */
	private static List<String> installedTypes(NpmPackage npm) {
		List<String> types = new ArrayList<>(PackageUtils.DEFAULT_INSTALL_TYPES);
		if (npm.name().startsWith(US_CORE)) {
			types.remove("SearchParameter");
		}
		else {
			// Our package's utilization Measures, which $evaluate-measure computes.
			types.add("Measure");
		}
		return types;
	}

	private List<PackageFile> packageFiles() {
		List<PackageFile> files = new ArrayList<>();
		try {
			for (Resource bundled : new PathMatchingResourcePatternResolver().getResources(BUNDLED_PACKAGES)) {
				try (InputStream in = bundled.getInputStream()) {
					files.add(new PackageFile(bundled.getDescription(), in.readAllBytes()));
				}
			}
			for (Path configured : properties.packages()) {
				if (!Files.isRegularFile(configured)) {
					throw new IllegalStateException("careplan.packages lists " + configured.toAbsolutePath()
							+ ", which is not a file: give the path of a FHIR package .tgz");
				}
				files.add(new PackageFile(configured.toString(), Files.readAllBytes(configured)));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read the FHIR packages to install", e);
		}
		return files;
	}

	private static int count(NpmPackage npm, String resourceType) {
		try {
			return npm.listResources(resourceType).size();
		}
		catch (IOException e) {
			return 0;
		}
	}

	private record PackageFile(String source, byte[] bytes) {

		NpmPackage read() {
			try {
				return NpmPackage.fromPackage(new ByteArrayInputStream(bytes));
			}
			catch (IOException | RuntimeException e) {
				throw new IllegalStateException(source + " is not a FHIR package (.tgz in NPM layout)", e);
			}
		}

	}

}
