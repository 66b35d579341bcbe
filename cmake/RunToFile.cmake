# cmake -DPROGRAM=exe -DARGUMENTS="a;b" -DOUTPUT=file -P RunToFile.cmake: runs the program with
# no display and writes its standard output to the file, failing the build when it fails.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ${PROGRAM} ${ARGUMENTS}
                OUTPUT_FILE ${OUTPUT}.part RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    file(REMOVE ${OUTPUT}.part)
    message(FATAL_ERROR "${PROGRAM} ${ARGUMENTS} failed: ${result}")
endif()
file(RENAME ${OUTPUT}.part ${OUTPUT})
