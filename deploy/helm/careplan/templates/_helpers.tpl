{{- define "careplan.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "careplan.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "careplan.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "careplan.databaseSecret" -}}
{{- default (printf "%s-database" (include "careplan.fullname" .)) .Values.database.existingSecret -}}
{{- end -}}

{{- define "careplan.searchSecret" -}}
{{- default (printf "%s-search" (include "careplan.fullname" .)) .Values.search.existingSecret -}}
{{- end -}}
