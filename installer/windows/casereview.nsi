; CaseReview Windows installer (NSIS 3, Modern UI 2, Simplified Chinese).
;
; Built by `python installer/build.py` on Windows, which first builds the PyInstaller
; bundle and then runs:   makensis /DCONFIG=<build>\installer.nsh installer\windows\casereview.nsi
; The generated include defines APP_VERSION (from pyproject.toml), PAYLOAD_DIR (the bundle
; folder dist\CaseReview), OUT_FILE and ICON_FILE. On Linux CI the same script is compiled
; against a placeholder payload to catch script errors.
;
; Install modes
;   default        per user, no administrator rights: $LOCALAPPDATA\Programs\CaseReview,
;                  shortcuts and the uninstall entry for the current user only (HKCU).
;   /ALLUSERS      all users (run from an elevated prompt): $PROGRAMFILES64\CaseReview,
;                  shortcuts for all users, uninstall entry in HKLM.
;   /S             silent; /D=<folder> (last argument) overrides the folder.
; Uninstaller: keeps the user's data (database, documents, logs) unless the box
; "同时删除我的评查数据" is ticked, or /REMOVEDATA is given to a silent uninstall.
; File associations: none. CaseReview has no exchange file format of its own yet (its
; exports are ordinary PDF/XLSX/DOCX files that belong to other programs); add one here
; when a .crv exchange package exists.
; Portable use: unpack the portable zip (or copy the installed folder) and keep the file
; portable.flag next to casereview-gui.exe: all data then stays in the data\ folder beside it.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef CONFIG
  !error "缺少 /DCONFIG=<installer.nsh>：请用 python installer/build.py 生成安装程序。"
!endif
!include "${CONFIG}"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define APP_NAME "CaseReview"
!define APP_TITLE "CaseReview 案卷评查"
!define PUBLISHER "CaseReview"
!define GUI_EXE "casereview-gui.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
!define ALLUSERS_MARKER "allusers.flag"

Name "${APP_TITLE}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_TITLE} ${APP_VERSION}"

VIProductVersion "${APP_VERSION_4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_TITLE}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_TITLE} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0"

Var AllUsers
Var RemoveData
Var RemoveDataBox

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APP_TITLE} ${APP_VERSION}。$\r$\n$\r$\n默认只为当前用户安装，不需要管理员权限。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_TITLE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---- install ---------------------------------------------------------------------------

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_TITLE} 需要 64 位 Windows。" /SD IDOK
    Abort
  ${EndIf}
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "admin"
      MessageBox MB_ICONSTOP "为所有用户安装（/ALLUSERS）需要管理员权限：请在“以管理员身份运行”的命令提示符中执行。" /SD IDOK
      SetErrorLevel 740
      Quit
    ${EndIf}
    StrCpy $AllUsers 1
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${APP_NAME}"
  ${EndIf}
FunctionEnd

Section "!程序文件" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the whole runtime: stale libraries of an older version must not stay.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ${If} $AllUsers == 1
    FileOpen $0 "$INSTDIR\${ALLUSERS_MARKER}" w
    FileClose $0
  ${EndIf}

  CreateDirectory "$SMPROGRAMS\${APP_TITLE}"
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\${APP_TITLE}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\卸载 ${APP_TITLE}.lnk" "$INSTDIR\uninstall.exe"

  ${If} $AllUsers == 1
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_TITLE}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${Else}
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_TITLE}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${EndIf}
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  ${If} $AllUsers == 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  ${Else}
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  ${EndIf}
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${APP_TITLE}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "桌面程序 casereview-gui.exe、命令行工具 casereview.exe 和开始菜单快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; ---- uninstall -------------------------------------------------------------------------

Function un.onInit
  StrCpy $RemoveData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $RemoveData 1
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${ALLUSERS_MARKER}"
    StrCpy $AllUsers 1
    SetShellVarContext all
  ${Else}
    StrCpy $AllUsers 0
  ${EndIf}
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "评查数据" "选择是否保留本机上的评查数据。"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 48u "默认保留您的评查数据（数据库、导入的文书和日志），以后重新安装即可继续使用。$\r$\n数据位置：$LOCALAPPDATA\CaseReview（当前用户）；便携版为程序目录下的 data 文件夹。"
  Pop $0
  ${NSD_CreateCheckbox} 0 60u 100% 12u "同时删除我的评查数据"
  Pop $RemoveDataBox
  ${If} $RemoveData == 1
    ${NSD_Check} $RemoveDataBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $RemoveDataBox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "删除后无法恢复。确定同时删除评查数据吗？" IDYES +2
    Abort
    StrCpy $RemoveData 1
  ${Else}
    StrCpy $RemoveData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; Only what the installer put there: the folder may hold the portable data\ folder.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\casereview-gui.exe"
  Delete "$INSTDIR\casereview.exe"
  Delete "$INSTDIR\${ALLUSERS_MARKER}"
  Delete "$INSTDIR\uninstall.exe"

  Delete "$DESKTOP\${APP_TITLE}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_TITLE}"
  ${If} $AllUsers == 1
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ${Else}
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ${EndIf}

  ${If} $RemoveData == 1
    ; platformdirs: %LOCALAPPDATA%\CaseReview\CaseReview (database, documents, logs) of this user.
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\CaseReview\CaseReview"
    RMDir "$LOCALAPPDATA\CaseReview"
    RMDir /r "$INSTDIR\data"
    Delete "$INSTDIR\portable.flag"
  ${EndIf}
  RMDir "$INSTDIR"
SectionEnd
