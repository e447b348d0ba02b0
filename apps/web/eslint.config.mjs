import { webConfig } from '../../libs/web/eslint.web.mjs';

export default webConfig();
