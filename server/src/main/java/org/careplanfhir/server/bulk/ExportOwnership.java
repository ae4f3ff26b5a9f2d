package org.careplanfhir.server.bulk;

import java.util.Objects;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * An export and its files belong to the client that started it, and to no one else, whatever else
 * that other client may read: another client polling the job is told it does not exist, and its
 * files are refused. The owner's file downloads are also held to its token's current scopes: a
 * file of Patients needs a {@code system/} scope that still reads Patient.
 */
@Interceptor
class ExportOwnership {

	/** Marks an export file's Binary with the client it belongs to. */
	static final String OWNER_SYSTEM = "https://careplan-fhir.org/sid/bulk-export-client";

	private final FhirAccessResolver accessResolver;

	ExportOwnership(FhirAccessResolver accessResolver) {
		this.accessResolver = accessResolver;
	}

	static void markOwner(BulkExportJobParameters export, FhirAccess access) {
		export.setBinarySecurityContextIdentifierSystem(OWNER_SYSTEM);
		export.setBinarySecurityContextIdentifierValue(access.clientId());
	}

	static boolean ownedBy(BulkExportJobParameters export, FhirAccess access) {
		return OWNER_SYSTEM.equals(export.getBinarySecurityContextIdentifierSystem()) && access.clientId() != null
				&& Objects.equals(export.getBinarySecurityContextIdentifierValue(), access.clientId());
	}

	/** An export file is for its owner, while its scopes still read the file's type; any other Binary needs a scope on Binary. */
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.CAPABILITY_GUARDS)
	public void checkExportFiles(RequestDetails request, IPreResourceShowDetails details) {
		for (IBaseResource resource : details) {
			if (!(resource instanceof Binary binary)) {
				continue;
			}
			FhirAccess access = accessResolver.of(request); // read once per request, then kept in it
			Identifier owner = binary.getSecurityContext().getIdentifier();
			if (!OWNER_SYSTEM.equals(owner.getSystem())) {
				if (!access.grants(ExportTypes.BINARY, Permission.READ)) {
					throw Refusals.insufficientScope(ExportTypes.BINARY, "r");
				}
				continue;
			}
			if (access.clientId() == null || !Objects.equals(owner.getValue(), access.clientId())) {
				throw new ForbiddenOperationException("This file belongs to another client's bulk export");
			}
			String type = fileType(binary);
			if (type != null && !ExportScopes.reads(access, type)) {
				throw new ForbiddenOperationException("This file holds " + type + " resources, which the token's scopes"
						+ " no longer let it read (insufficient_scope: it needs system/" + type + ".r)");
			}
		}
	}

	/** The type HAPI's export job writes on each file it makes (in {@code Binary.meta}). */
	private static String fileType(Binary binary) {
		Extension type = binary.getMeta().getExtensionByUrl(JpaConstants.BULK_META_EXTENSION_RESOURCE_TYPE);
		return type == null || type.getValue() == null ? null : type.getValue().primitiveValue();
	}

}
