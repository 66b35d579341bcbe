# Declarative packaging: a Debian package built by CPack from the install rules.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/tessera.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
set(CPACK_PACKAGE_NAME tessera)
set(CPACK_PACKAGE_VENDOR "Tessera developers")
set(CPACK_PACKAGE_CONTACT "Tessera developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# Read at run time, not linked: the face cascades, the MRZ typeface and the OCR data.
# libseccomp2 and libcups2 also come from shlibdeps; named here because the application
# refuses to start without the filter and prints only through libcups.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "opencv-data, fonts-ocr-b, tesseract-ocr-eng, libseccomp2, libcups2")
include(CPack)
