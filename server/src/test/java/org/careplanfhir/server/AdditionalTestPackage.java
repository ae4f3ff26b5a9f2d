package org.careplanfhir.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A small FHIR package written by the tests, standing in for an IG an operator downloads (say US
 * Core) and lists in {@code careplan.packages}: one profile given as a differential only (the
 * server must generate its snapshot) and one search parameter.
 */
public final class AdditionalTestPackage {

	public static final String PROFILE_URL = "http://example.org/fhir/StructureDefinition/patient-with-birth-date";

	public static final String SEARCH_PARAMETER_CODE = "nickname";

	private AdditionalTestPackage() {
	}

	public static Path writeTo(Path directory) {
		FhirContext fhir = FhirContext.forR4Cached();
		Map<String, String> files = Map.of(
				"package/package.json", """
						{"name":"example.test.extra","version":"1.0.0","fhirVersions":["4.0.1"],\
						"dependencies":{"hl7.fhir.r4.core":"4.0.1"},"canonical":"http://example.org/fhir"}""",
				"package/StructureDefinition-patient-with-birth-date.json", encode(fhir, profile()),
				"package/SearchParameter-patient-nickname.json", encode(fhir, searchParameter()));
		Path tgz = directory.resolve("example.test.extra-1.0.0.tgz");
		try {
			Files.createDirectories(directory);
			try (OutputStream out = Files.newOutputStream(tgz);
					TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
				for (Map.Entry<String, String> file : files.entrySet()) {
					byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
					TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
					entry.setSize(bytes.length);
					tar.putArchiveEntry(entry);
					tar.write(bytes);
					tar.closeArchiveEntry();
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return tgz;
	}

	private static StructureDefinition profile() {
		StructureDefinition profile = new StructureDefinition();
		profile.setId("patient-with-birth-date");
		profile.setUrl(PROFILE_URL);
		profile.setName("PatientWithBirthDate");
		profile.setStatus(Enumerations.PublicationStatus.ACTIVE);
		profile.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
		profile.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
		profile.setAbstract(false);
		profile.setType("Patient");
		profile.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient");
		profile.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
		ElementDefinition birthDate = profile.getDifferential().addElement().setPath("Patient.birthDate").setMin(1);
		birthDate.setId("Patient.birthDate");
		return profile;
	}

	private static SearchParameter searchParameter() {
		SearchParameter nickname = new SearchParameter();
		nickname.setId("patient-nickname");
		nickname.setUrl("http://example.org/fhir/SearchParameter/patient-nickname");
		nickname.setName("nickname");
		nickname.setStatus(Enumerations.PublicationStatus.ACTIVE);
		nickname.setDescription("Given names the patient is known by informally");
		nickname.setCode(SEARCH_PARAMETER_CODE);
		nickname.addBase("Patient");
		nickname.setType(Enumerations.SearchParamType.STRING);
		nickname.setExpression("Patient.name.where(use = 'nickname').given");
		return nickname;
	}

	private static String encode(FhirContext fhir, Resource resource) {
		return fhir.newJsonParser().encodeResourceToString(resource);
	}

}
