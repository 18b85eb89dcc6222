// Package testsflag holds test code that -maxopenzero.tests reports.
package testsflag
