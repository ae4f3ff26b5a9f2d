package org.careplanfhir.server.bulk;

import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters.ExportStyle;

/** Where an export was asked: of everything, of every patient, of one patient, or of a group's members. */
enum ExportLevel {

	SYSTEM(ExportStyle.SYSTEM), ALL_PATIENTS(ExportStyle.PATIENT), ONE_PATIENT(ExportStyle.PATIENT), GROUP(ExportStyle.GROUP);

	private final ExportStyle style;

	ExportLevel(ExportStyle style) {
		this.style = style;
	}

	ExportStyle style() {
		return style;
	}

	boolean ofPatients() {
		return this != SYSTEM;
	}

}
