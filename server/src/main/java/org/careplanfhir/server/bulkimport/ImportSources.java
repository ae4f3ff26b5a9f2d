package org.careplanfhir.server.bulkimport;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.security.policy.Refusals;

/**
 * Where an import may read its files: a file inside the folder the operator allows
 * ({@code careplan.bulk-import.folder}, named by a {@code file:} URL or a path relative to the
 * folder), or a Binary resource on this server ({@code Binary/[id]}, relative or under this server's
 * base) holding NDJSON. Nothing is fetched from another host: the server reaches no network but its
 * database's, and a URL a client names must not make it call one.
 */
class ImportSources {

	static final Set<String> NDJSON_TYPES = Set.of("application/fhir+ndjson", "application/ndjson", "application/x-ndjson");

	private final Path folder;

	private final DaoRegistry daos;

	ImportSources(Path folder, DaoRegistry daos) {
		// An empty setting is no folder, not the server's working directory.
		this.folder = folder == null || folder.toString().isBlank() ? null : folder;
		this.daos = daos;
	}

	/** The input named by this URL, checked to exist and to be the caller's to read; a 4xx if not. */
	ImportInput resolve(String type, String url, String serverBase, FhirAccess access) {
		IdType binary = binaryNamedBy(url, serverBase);
		if (binary != null) {
			return fromBinary(type, url, binary, access);
		}
		URI uri = uriOf(url);
		if (uri.getScheme() != null && !"file".equalsIgnoreCase(uri.getScheme())) {
			throw new InvalidRequestException("Input " + url + " cannot be read: this server fetches nothing from other"
					+ " hosts. Upload the file as a Binary (contentType application/fhir+ndjson) and name it as"
					+ " Binary/[id], or place it in the server's import folder and name it by a file: URL");
		}
		return fromFolder(type, url, uri);
	}

	private ImportInput fromFolder(String type, String url, URI uri) {
		if (folder == null) {
			throw new InvalidRequestException("Input " + url + " names a file on the server's disk, and this server reads"
					+ " none: its operator has set no import folder (careplan.bulk-import.folder). Upload the file as a"
					+ " Binary and name it as Binary/[id]");
		}
		Path requested;
		try {
			if (uri.getScheme() == null) {
				requested = folder.resolve(uri.getPath());
			}
			else if (uri.isOpaque()) {
				requested = folder.resolve(uri.getSchemeSpecificPart());
			}
			else {
				requested = Path.of(uri);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("Input " + url + " is not a path this server can read: " + ex.getMessage());
		}
		Path file;
		Path allowed;
		try {
			allowed = folder.toRealPath();
			file = requested.toRealPath();
		}
		catch (IOException ex) {
			throw new InvalidRequestException("Input " + url + " was not found in the server's import folder");
		}
		// Real paths, so that neither '..' nor a link leads out of the folder.
		if (!file.startsWith(allowed)) {
			throw new InvalidRequestException("Input " + url + " is outside the server's import folder: only files in it"
					+ " may be imported");
		}
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new InvalidRequestException("Input " + url + " is not a file the server can read");
		}
		return new ImportInput(type, url, () -> Files.newBufferedReader(file, StandardCharsets.UTF_8));
	}

	private ImportInput fromBinary(String type, String url, IdType id, FhirAccess access) {
		if (!access.grantsUnconfined("Binary", Permission.READ)) {
			throw Refusals.because("Input " + url + " is a Binary: reading it needs system/Binary.r (or system/*.r)"
					+ " besides the scopes to write what it holds");
		}
		Binary binary = readBinary(id, url);
		String contentType = binary.getContentType() == null ? "" : binary.getContentType().split(";")[0].trim();
		if (!NDJSON_TYPES.contains(contentType)) {
			throw new InvalidRequestException("Input " + url + " is a Binary of type '" + contentType + "', not NDJSON:"
					+ " upload it with contentType application/fhir+ndjson");
		}
		return new ImportInput(type, url, () -> open(readBinary(id, url)));
	}

	private Binary readBinary(IdType id, String url) {
		try {
			return (Binary) daos.getResourceDao("Binary").read(id, new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException ex) {
			throw new InvalidRequestException("Input " + url + " names a Binary this server does not hold");
		}
	}

	private static BufferedReader open(Binary binary) {
		byte[] data = binary.getData() == null ? new byte[0] : binary.getData();
		return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8));
	}

	/** {@code Binary/[id]}, or the same under this server's base; null for anything else. */
	private static IdType binaryNamedBy(String url, String serverBase) {
		String relative = url;
		if (serverBase != null && url.startsWith(serverBase + "/")) {
			relative = url.substring(serverBase.length() + 1);
		}
		if (relative.matches("Binary/[A-Za-z0-9\\-.]{1,64}")) {
			return new IdType(relative);
		}
		return null;
	}

	private static URI uriOf(String url) {
		try {
			return new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidRequestException("Input url '" + url + "' is not a URL: " + ex.getMessage());
		}
	}

}
